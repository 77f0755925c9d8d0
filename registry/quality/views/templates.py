"""Checklist versions: everyone reads them, the coordinator manages drafts and publishes."""

from flask import flash, redirect, request, url_for

from registry.core.locking import check_version
from registry.core.permissions import Permission, require
from registry.core.refusal import Refused
from registry.core.roundtrip import UNPROCESSABLE, attempt, round_trip, succeeded
from registry.extensions import db
from registry.quality import queries
from registry.quality.forms import IndicatorForm, TemplateForm
from registry.quality.models import Indicator
from registry.quality.services import RecordLocked
from registry.quality.services import templates as service
from registry.quality.views.blueprint import bp
from registry.quality.views.common import locked_page, render

LOCKED_TITLE = "Publicerad version kan inte ändras"


@bp.get("/templates")
@require(Permission.QUALITY_VIEW)
def templates():
    """List every checklist version."""
    return render("quality/templates.html", templates=queries.templates())


@bp.get("/templates/<int:template_id>")
@require(Permission.QUALITY_VIEW)
def template(template_id):
    """Show one checklist version with its indicators by section."""
    found = queries.get_template(template_id)
    return render("quality/template.html", template=found,
                  assessments=queries.assessment_count(found.id),
                  newest=queries.is_newest(found))


@bp.post("/templates/<int:template_id>/new-version")
@require(Permission.QUALITY_TEMPLATES)
def new_version(template_id):
    """Start a new draft version as a copy of the family's newest version."""
    found = queries.get_template(template_id)
    try:
        draft = attempt(lambda: service.new_version(found))
    except Refused as error:
        flash(error.message, "error")
        return redirect(url_for("quality.template", template_id=template_id))
    return succeeded(draft, lambda d: url_for("quality.template", template_id=d.id),
                     lambda d: f"Version {d.version_number} har skapats som utkast.")


@bp.route("/templates/<int:template_id>/edit", methods=["GET", "POST"])
@require(Permission.QUALITY_TEMPLATES)
def edit_template(template_id):
    """Edit a draft's name and provenance."""
    found = queries.get_template(template_id)
    if not found.is_draft:
        return _locked(found)
    form = TemplateForm(obj=found)

    def action():
        check_version(found, form.version.data)
        service.update_template(found, form.name.data, form.provenance.data)
    return round_trip(form, action, url_for("quality.template", template_id=found.id),
                      lambda: render("quality/template_form.html", form=form, template=found),
                      "Utkastet har sparats.")


@bp.route("/templates/<int:template_id>/indicators/new", methods=["GET", "POST"])
@require(Permission.QUALITY_TEMPLATES)
def add_indicator(template_id):
    """Add an indicator to a draft."""
    found = queries.get_template(template_id)
    if not found.is_draft:
        return _locked(found)
    form = IndicatorForm(data={"version": found.version, "weight": 1})
    return _indicator_form(form, found, None)


@bp.route("/indicators/<int:indicator_id>/edit", methods=["GET", "POST"])
@require(Permission.QUALITY_TEMPLATES)
def edit_indicator(indicator_id):
    """Edit an indicator of a draft."""
    indicator = db.get_or_404(Indicator, indicator_id)
    if not indicator.template.is_draft:
        return _locked(indicator.template)
    form = IndicatorForm(obj=indicator, data={"version": indicator.template.version})
    return _indicator_form(form, indicator.template, indicator)


@bp.post("/indicators/<int:indicator_id>/delete")
@require(Permission.QUALITY_TEMPLATES)
def delete_indicator(indicator_id):
    """Remove an indicator from a draft."""
    indicator = db.get_or_404(Indicator, indicator_id)
    template_ = indicator.template
    return _act(template_, lambda: service.delete_indicator(indicator),
                f"Indikatorn {indicator.code} har tagits bort.",
                url_for("quality.template", template_id=template_.id))


@bp.post("/templates/<int:template_id>/publish")
@require(Permission.QUALITY_TEMPLATES)
def publish_template(template_id):
    """Publish a draft: from now on it is immutable and assessed against."""
    found = queries.get_template(template_id)
    return _act(found, lambda: service.publish(found),
                f"Version {found.version_number} är publicerad och gäller för nya bedömningar.",
                url_for("quality.template", template_id=found.id))


@bp.post("/templates/<int:template_id>/delete")
@require(Permission.QUALITY_TEMPLATES)
def delete_template(template_id):
    """Delete a draft version."""
    found = queries.get_template(template_id)
    return _act(found, lambda: service.delete_draft(found), "Utkastet har tagits bort.",
                url_for("quality.templates"))


def _act(template_, action, done, target):
    """Run one change of a version: the 409 page when published, 422 when refused."""
    check_version(template_, request.form.get("version"))
    try:
        attempt(action)
    except RecordLocked:
        return _locked(template_)
    except Refused as error:
        return render("quality/template.html", template=queries.get_template(template_.id),
                      assessments=0, newest=True, problems=error.problems), UNPROCESSABLE
    return succeeded(None, target, done)


def _indicator_form(form, template_, indicator):
    """Validate and save the indicator form; render it again with the refusal."""

    def action():
        check_version(template_, form.version.data)
        data = _indicator_input(form)
        if indicator is None:
            return service.add_indicator(template_, data)
        return service.update_indicator(indicator, data)
    return round_trip(form, action, url_for("quality.template", template_id=template_.id),
                      lambda: render("quality/indicator_form.html", form=form,
                                     template=template_, indicator=indicator),
                      "Indikatorn har sparats.")


def _indicator_input(form):
    return service.IndicatorInput(
        code=form.code.data.strip(), section=form.section.data.strip(),
        text=form.text.data.strip(), answer_type=form.answer_type.data,
        weight=form.weight.data, position=form.position.data,
        guidance=(form.guidance.data or "").strip(), grounding=(form.grounding.data or "").strip(),
        critical=form.critical.data, evidence_required=form.evidence_required.data,
        number_zero_at=form.number_zero_at.number, number_full_at=form.number_full_at.number)


def _locked(template_):
    """Explain that a published version is immutable: 200 to a GET, 409 to a POST."""
    status = 409 if request.method == "POST" else 200
    return locked_page(LOCKED_TITLE, "Den här versionen av checklistan är publicerad och kan "
                       "inte ändras. Skapa en ny version – den börjar som en kopia av den "
                       "senaste.", url_for("quality.template", template_id=template_.id), status)
