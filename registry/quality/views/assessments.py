"""Assessments: every role with quality:view reads the completed ones; purchasers assess."""

from flask import flash, redirect, request, url_for
from flask_login import current_user

from registry.core.dates import today
from registry.core.locking import check_version
from registry.core.permissions import Permission, require
from registry.core.refusal import Refused
from registry.core.roundtrip import UNPROCESSABLE, attach, attempt, round_trip
from registry.core.scoping import not_found
from registry.extensions import db
from registry.providers.documents import store_upload
from registry.providers.models import Provider
from registry.quality import forms, queries
from registry.quality.services import assessments as service
from registry.quality.services import current_bands
from registry.quality.views.blueprint import bp
from registry.quality.views.common import locked_page, render

COMPLETE = "complete"
NOTHING_SAVED = ("Inget sparades. Dina svar finns kvar i formuläret, men bifogade filer behöver "
                 "väljas igen.")


@bp.get("/")
@require(Permission.QUALITY_VIEW)
def index():
    """Show every provider's standing, the own drafts and the latest assessments."""
    providers = queries.providers_for_choice()
    return render("quality/index.html", providers=providers,
                  standings=queries.latest_standing([pid for pid, _ in providers]),
                  drafts=queries.drafts(current_user.municipality_id),
                  recent=queries.completed_assessments(limit=10),
                  current=queries.current_templates())


@bp.get("/assessments")
@require(Permission.QUALITY_VIEW)
def assessments():
    """List the completed assessments of all eight municipalities."""
    provider_id = request.args.get("provider", type=int)
    municipality_id = request.args.get("municipality", type=int)
    return render("quality/assessments.html",
                  assessments=queries.completed_assessments(provider_id, municipality_id),
                  providers=queries.providers_for_choice(),
                  municipalities=queries.municipalities_for_choice(),
                  filters={"provider": provider_id, "municipality": municipality_id})


@bp.get("/assessments/<int:assessment_id>")
@require(Permission.QUALITY_VIEW)
def assessment(assessment_id):
    """Show one assessment (a draft only to its own municipality)."""
    found = queries.get_assessment(assessment_id, current_user)
    result = service.score_of(found, current_bands())
    return render("quality/assessment.html", assessment=found,
                  answers=queries.answers_by_indicator(found),
                  documents=queries.evidence_documents(found),
                  failed=set(result.failed_critical), preview=result)


@bp.route("/assessments/new", methods=["GET", "POST"])
@require(Permission.QUALITY_ASSESS)
def start_assessment():
    """Start a draft assessment of a provider against the current checklist version."""
    form = forms.StartAssessmentForm(data={
        "provider_id": request.args.get("provider_id", type=int), "assessed_on": today()})
    form.provider_id.choices = queries.providers_for_choice()
    form.template_id.choices = [(t.id, str(t)) for t in queries.current_templates()]

    def action():
        provider = db.session.get(Provider, form.provider_id.data)
        template = queries.get_template(form.template_id.data)
        return service.start(provider, template, current_user, form.assessed_on.data)
    return round_trip(form, action,
                      lambda draft: url_for("quality.edit_assessment", assessment_id=draft.id),
                      lambda: render("quality/start.html", form=form))


@bp.route("/assessments/<int:assessment_id>/edit", methods=["GET", "POST"])
@require(Permission.QUALITY_ASSESS)
def edit_assessment(assessment_id):
    """Answer a draft; save it, or complete it (scored, then read-only)."""
    found = queries.get_assessment(assessment_id, current_user)
    if found.is_completed:
        return _locked(found)
    _own(found)
    indicators = found.template.indicators
    if request.method == "GET":
        form = forms.answers_form(indicators, data=_stored(found))
        return _page(form, found)
    form = forms.answers_form(indicators)
    if not form.validate():
        return _page(form, found), UNPROCESSABLE
    check_version(found, form.version.data)
    try:
        attempt(lambda: _save(form, found, complete=request.form.get("action") == COMPLETE))
    except Refused as error:  # a refused upload too: the files must be chosen again
        attach(form, error)
        form.add_error(None, NOTHING_SAVED)
        return _page(form, found), UNPROCESSABLE
    if found.is_completed:
        flash("Bedömningen är genomförd. Den kan inte längre ändras.", "success")
        return redirect(url_for("quality.assessment", assessment_id=found.id))
    flash("Utkastet har sparats.", "success")
    return redirect(url_for("quality.edit_assessment", assessment_id=found.id))


@bp.post("/assessments/<int:assessment_id>/delete")
@require(Permission.QUALITY_ASSESS)
def delete_assessment(assessment_id):
    """Delete a draft assessment of the own municipality."""
    found = queries.get_assessment(assessment_id, current_user)
    if found.is_completed:
        return _locked(found)
    _own(found)
    check_version(found, request.form.get("version"))
    service.delete_draft(found)
    flash("Utkastet har tagits bort.", "success")
    return redirect(url_for("quality.index"))


def _own(assessment):
    """Only the assessing municipality works on its drafts (others get the same 404)."""
    if assessment.municipality_id != current_user.municipality_id:
        not_found(assessment.id)


def _save(form, assessment, complete=False):
    """Store uploaded evidence and the typed answers of the form; complete it if asked."""
    answers = {}
    for indicator in assessment.template.indicators:
        evidence = form[f"evidence_{indicator.id}"].data
        document = None
        if evidence is not None and getattr(evidence, "filename", ""):
            document = store_upload(evidence, "evidence", provider=assessment.provider,
                                    user=current_user, field=f"evidence_{indicator.id}")
        answers[indicator.id] = service.AnswerInput(
            value=forms.typed_value(indicator, form[f"value_{indicator.id}"]),
            comment=(form[f"comment_{indicator.id}"].data or "").strip(),
            evidence_document_id=document.id if document else None)
    service.save(assessment, answers, form.assessed_on.data, form.valid_until.data,
                 (form.summary.data or "").strip())
    if complete:
        service.complete(assessment, current_bands())


def _stored(assessment):
    """Return the form's initial data from the stored draft."""
    data = {"version": assessment.version, "assessed_on": assessment.assessed_on,
            "valid_until": assessment.valid_until, "summary": assessment.summary}
    answers = queries.answers_by_indicator(assessment)
    for indicator in assessment.template.indicators:
        answer = answers.get(indicator.id)
        data[f"value_{indicator.id}"] = forms.stored_value(indicator, answer)
        data[f"comment_{indicator.id}"] = answer.comment if answer else ""
    return data


def _page(form, assessment):
    return render("quality/assessment_form.html", form=form, assessment=assessment,
                  answers=queries.answers_by_indicator(assessment),
                  documents=queries.evidence_documents(assessment))


def _locked(assessment):
    """Explain that a completed assessment is read-only: 200 to a GET, 409 to a POST."""
    status = 409 if request.method == "POST" else 200
    return locked_page("Genomförd bedömning kan inte ändras",
                       "Bedömningen är genomförd och kan bara läsas. En rättelse görs som en ny "
                       "bedömning av utföraren.",
                       url_for("quality.assessment", assessment_id=assessment.id), status)
