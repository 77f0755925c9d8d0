"""An agreement's parts: its providers, extension options, contract terms and documents."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from registry.agreements import queries, services
from registry.agreements.forms import OptionDecisionForm, OptionForm, PartyProviderForm, TermsForm
from registry.agreements.models import CONTRACT_TERMS, AgreementProvider, ExtensionOption
from registry.agreements.views.blueprint import bp
from registry.agreements.views.common import detail_url, editable_or_403, to_detail
from registry.core.dates import today
from registry.core.forms import BaseForm
from registry.core.permissions import Permission, require
from registry.core.roundtrip import round_trip, submit
from registry.extensions import db
from registry.providers.documents import store_upload
from registry.providers.forms import DocumentForm


def _form(form, action, agreement, success, template, **extra):
    """Run the round trip of one form about the agreement; back to its page when done."""
    return round_trip(form, action, detail_url(agreement), lambda: render_template(
        template, agreement=agreement, form=form, **extra), success)


@bp.route("/<int:agreement_id>/providers/new", methods=["GET", "POST"])
@require(Permission.AGREEMENTS_EDIT)
def add_provider(agreement_id):
    """Put a provider on the agreement with a rank or a call-off rule."""
    agreement = editable_or_403(agreement_id)
    form = PartyProviderForm()
    form.provider_id.choices = [(p.id, p.legal_name) for p in queries.selectable_providers()]

    def action():
        return services.add_provider(agreement, form.provider_id.data, form.rank.data,
                                     form.call_off_rule.data)
    return _form(form, action, agreement,
                 lambda row: f"{row.provider.legal_name} är tillagd på avtalet.",
                 "agreements/provider_form.html")


@bp.post("/<int:agreement_id>/providers/<int:row_id>/remove")
@require(Permission.AGREEMENTS_EDIT)
def remove_provider(agreement_id, row_id):
    """Take a provider off the agreement (refused when it has prices on it)."""
    agreement = editable_or_403(agreement_id)
    row = queries.part_or_404(AgreementProvider, agreement, row_id)
    form = BaseForm()  # the CSRF token only
    ok, _ = submit(form, lambda: services.remove_provider(agreement, row))
    if ok:
        return to_detail(agreement, "Utföraren är borttagen från avtalet.")
    for message in form.form_errors or ["Formuläret hade gått ut. Försök igen."]:
        flash(message, "error")
    return redirect(url_for("agreements.detail", agreement_id=agreement.id), 303)


@bp.route("/<int:agreement_id>/options/new", methods=["GET", "POST"])
@require(Permission.AGREEMENTS_EDIT)
def add_option(agreement_id):
    """Add the next extension option with its length and last day to exercise it."""
    agreement = editable_or_403(agreement_id)
    form = OptionForm(version=agreement.version)

    def action():
        return services.add_option(agreement, form.length_months.data, form.exercise_by.data,
                                   form.version.data)
    return _form(form, action, agreement, lambda option: f"Option {option.sequence} är tillagd.",
                 "agreements/option_form.html")


@bp.route("/<int:agreement_id>/options/<int:option_id>/decision", methods=["GET", "POST"])
@require(Permission.AGREEMENTS_EDIT)
def decide_option(agreement_id, option_id):
    """Record that an option is exercised or declined, by whom and when."""
    agreement = editable_or_403(agreement_id)
    option = queries.part_or_404(ExtensionOption, agreement, option_id)
    form = OptionDecisionForm(version=option.version, decided_on=today())

    def action():
        return services.decide_option(option, form.decision.data, form.decided_on.data,
                                      current_user, form.version.data)
    return _form(form, action, agreement,
                 lambda o: f"Beslutet om option {o.sequence} är registrerat.",
                 "agreements/decision_form.html", option=option)


@bp.route("/<int:agreement_id>/terms", methods=["GET", "POST"])
@require(Permission.AGREEMENTS_EDIT)
def edit_terms(agreement_id):
    """Record which of the contract terms the report asks for the agreement has."""
    agreement = editable_or_403(agreement_id)
    form = TermsForm(version=agreement.version)
    if request.method == "GET":
        for term in agreement.terms:
            form[f"{term.code}_fulfilled"].data = term.fulfilled
            form[f"{term.code}_note"].data = term.note

    def action():
        values = {code: {"fulfilled": form[f"{code}_fulfilled"].data,
                         "note": form[f"{code}_note"].data} for code in CONTRACT_TERMS}
        return services.save_terms(agreement, values, form.version.data)
    return _form(form, action, agreement, "Avtalsvillkoren är sparade.",
                 "agreements/terms_form.html")


@bp.route("/<int:agreement_id>/documents/new", methods=["GET", "POST"])
@require(Permission.AGREEMENTS_EDIT)
def upload_document(agreement_id):
    """Attach a PDF (signed contract, audit report) to the agreement."""
    agreement = editable_or_403(agreement_id)
    form = DocumentForm()

    def action():
        document = store_upload(request.files.get("file"), form.kind.data,
                                agreement=agreement, user=current_user)
        services.touch(agreement)
        db.session.flush()
        return document
    return round_trip(form, action, detail_url(agreement), lambda: render_template(
        "providers/document_form.html", form=form, owner=agreement,
        back=detail_url(agreement)), lambda d: f"Dokumentet {d.original_name} är sparat.")
