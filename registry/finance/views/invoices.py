"""Invoices: the list, registering one (from the list or a placement), correcting, importing."""

from datetime import timedelta

from flask import flash, redirect, request, url_for

from registry.core import audit
from registry.core.dates import add_months, month_start, today
from registry.core.money import format_amount
from registry.core.permissions import Permission, require
from registry.core.roundtrip import form_status, submit
from registry.core.scoping import get_owned_or_404
from registry.core.settings import money_settings
from registry.finance import calculations as calc
from registry.finance import queries
from registry.finance.forms import InvoiceForm, InvoiceImportForm, ListInvoiceForm
from registry.finance.invoice_import import COLUMNS, import_invoices
from registry.finance.models import Invoice
from registry.finance.services import invoices as service
from registry.finance.views._common import page_number, render
from registry.finance.views.blueprint import bp
from registry.placements.models import Placement

FORM = "finance/invoice_form.html"


def _last_month_defaults(placement, on):
    """Suggest last month's care days of the placement."""
    first = add_months(month_start(on), -1)
    plan = queries.plan_of(placement).schedule
    span = calc.care_range(plan, first, month_start(on) - timedelta(days=1))
    if span is None:
        return {}
    return {"period_start": span[0], "period_end": span[1],
            "days": calc.care_days(plan, *span), "received_on": on}


def _saved_or_form(form, action, done, template, **context):
    """Run the form; a saved invoice is announced truthfully: a mismatch as a warning."""
    ok, saved = submit(form, action)
    if not ok:
        return render(template, status=form_status(), form=form, **context)
    flash(*reversed(saved.message(done)))
    return redirect(url_for("finance.placement", placement_id=saved.invoice.placement_id))


@bp.get("/invoices")
@require(Permission.FINANCE_VIEW)
def invoices():
    """List the municipality's invoices; ?flagged=1 shows only those that differ."""
    flagged = request.args.get("flagged") == "1"
    page = queries.list_invoices(page_number(), flagged)
    audit.record("view", entity="invoices")  # the list shows case references
    return render("finance/invoices.html", page=page, flagged=flagged)


@bp.route("/placements/<int:placement_id>/invoices/new", methods=["GET", "POST"])
@require(Permission.FINANCE_EDIT)
def invoice_new(placement_id):
    """Register an invoice from the placement's provider and reconcile it."""
    placement = get_owned_or_404(Placement, placement_id)
    form = InvoiceForm(data=_last_month_defaults(placement, today()))
    return _saved_or_form(
        form, lambda: service.register_invoice(placement, form.values(), money_settings()),
        "registrerad", FORM, placement=placement, title="Registrera faktura")


@bp.route("/invoices/new", methods=["GET", "POST"])
@require(Permission.FINANCE_EDIT)
def invoice_new_for_case():
    """Register an invoice from the list: the placement is named by its case reference."""
    form = ListInvoiceForm(data={"received_on": today()})
    return _saved_or_form(
        form, lambda: service.register_for_case(
            {**form.values(), "case_reference": form.case_reference.data}, money_settings()),
        "registrerad", FORM, placement=None, title="Registrera faktura")


@bp.route("/invoices/import", methods=["GET", "POST"])
@require(Permission.FINANCE_EDIT)
def invoice_import():
    """Import the ledger's invoices: every row checked, all saved and reconciled or none."""
    form, result = InvoiceImportForm(), None
    if form.validate_on_submit():
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            form.add_error("file", "Välj en fil att importera.")
        else:
            result = import_invoices(upload.read(), money_settings())
            if result.ok:
                flash(*reversed(_imported(result)))
                return redirect(url_for("finance.invoices"))
    return render("finance/invoice_import.html", status=form_status(), form=form,
                  result=result, columns=COLUMNS)


def _imported(result):
    flagged = len(result.flagged)
    text = f"{len(result.saved)} fakturor är importerade och avstämda."
    if not flagged:
        return "success", text
    return "warning", f"{text} {flagged} av dem avviker från vad som ska betalas – se " \
                      f"listan över avvikande fakturor."


@bp.route("/invoices/<int:invoice_id>/edit", methods=["GET", "POST"])
@require(Permission.FINANCE_EDIT)
def invoice_edit(invoice_id):
    """Correct a registered invoice (the version guards against a lost update)."""
    invoice = get_owned_or_404(Invoice, invoice_id)
    form = InvoiceForm(obj=invoice, data={"amount": format_amount(invoice.amount_ore)})
    return _saved_or_form(
        form, lambda: service.update_invoice(invoice, form.values(), form.version.data,
                                             money_settings()),
        "ändrad", FORM, placement=invoice.placement, invoice=invoice,
        title=f"Ändra faktura {invoice.invoice_number}")

