"""Invoices: the municipality's list, registering one for a placement, correcting one."""

from datetime import timedelta

from flask import request, url_for

from registry.core import audit
from registry.core.dates import add_months, month_start, today
from registry.core.money import format_amount
from registry.core.permissions import Permission, require
from registry.core.scoping import get_owned_or_404
from registry.core.settings import money_settings
from registry.finance import calculations as calc
from registry.finance import queries
from registry.finance.forms import InvoiceForm
from registry.finance.models import Invoice
from registry.finance.services import invoices as service
from registry.finance.views._common import page_number, render, submit_or_show
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


def _to_placement(invoice):
    return url_for("finance.placement", placement_id=invoice.placement_id)


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
    return submit_or_show(
        form, lambda: service.register_invoice(placement, form.values(), money_settings()),
        _to_placement, "Fakturan är registrerad och avstämd.", FORM, placement=placement,
        title="Registrera faktura")


@bp.route("/invoices/<int:invoice_id>/edit", methods=["GET", "POST"])
@require(Permission.FINANCE_EDIT)
def invoice_edit(invoice_id):
    """Correct a registered invoice (the version guards against a lost update)."""
    invoice = get_owned_or_404(Invoice, invoice_id)
    form = InvoiceForm(obj=invoice, data={"amount": format_amount(invoice.amount_ore)})
    return submit_or_show(
        form, lambda: service.update_invoice(invoice, form.values(), form.version.data,
                                             money_settings()),
        _to_placement, "Fakturan är ändrad och avstämd igen.", FORM,
        placement=invoice.placement, invoice=invoice,
        title=f"Ändra faktura {invoice.invoice_number}")

