"""Register, correct and reconcile invoices."""

from sqlalchemy import select

from registry.core import audit
from registry.core.locking import check_version
from registry.core.refusal import Refused
from registry.core.settings import money_settings
from registry.extensions import db
from registry.finance import queries
from registry.finance.models import Invoice
from registry.finance.services.errors import save_unique

FIELDS = ("invoice_number", "period_start", "period_end", "days", "amount_ore", "received_on",
          "note", "mismatch_reason")
EDITABLE = FIELDS[:-1]


def _duplicate_message(number):
    return f"Kommunen har redan en faktura från utföraren med nummer {number}. Samma " \
           f"fakturanummer kan inte registreras två gånger."


def _check_values(placement, values):
    number = (values.get("invoice_number") or "").strip()
    if not number:
        raise Refused("Ange fakturanumret.", "invoice_number")
    if values["period_end"] < values["period_start"]:
        raise Refused("Periodens sista dag kan inte vara före dess första dag.",
                           "period_end")
    if values["amount_ore"] is None or values["amount_ore"] < 0:
        raise Refused("Ange fakturans belopp, 0 kr eller mer.", "amount")
    if values["period_start"] < placement.start_date:
        raise Refused(f"Perioden börjar före placeringens start "
                           f"({placement.start_date.isoformat()}).", "period_start")
    return {**values, "invoice_number": number, "note": (values.get("note") or "").strip()}


def _taken(record, number, invoice_id=None):
    """Return True when the municipality already holds this number from the provider."""
    query = select(Invoice.id).where(Invoice.provider_id == record.provider_id,
                                     Invoice.municipality_id == record.municipality_id,
                                     Invoice.invoice_number == number)
    if invoice_id is not None:
        query = query.where(Invoice.id != invoice_id)
    return db.session.scalar(query) is not None


def _reconcile_one(invoice, placement, settings):
    invoices = queries.invoices_of(placement)
    check = queries.check_invoice(invoice, queries.plan_of(placement), invoices,
                          queries.reported_days_by_month(placement), settings)
    invoice.mismatch_reason = check.summary()
    return check


def register_invoice(placement, values, settings):
    """Register an invoice for the placement's provider, reconciled; refuse a duplicate number."""
    values = _check_values(placement, values)
    if _taken(placement, values["invoice_number"]):
        raise Refused(_duplicate_message(values["invoice_number"]), "invoice_number")
    invoice = Invoice(placement_id=placement.id, municipality_id=placement.municipality_id,
                      provider_id=placement.provider_id, **values)
    _reconcile_one(invoice, placement, settings)
    changes = audit.diff(invoice, FIELDS)
    save_unique(invoice, _duplicate_message(values["invoice_number"]), "invoice_number")
    audit.record("create", "invoices", invoice.id, changes)
    return invoice


def update_invoice(invoice, values, version, settings):
    """Correct a registered invoice read at `version`, and reconcile it again."""
    check_version(invoice, version)
    values = _check_values(invoice.placement, values)
    if _taken(invoice, values["invoice_number"], invoice.id):
        raise Refused(_duplicate_message(values["invoice_number"]), "invoice_number")
    with db.session.no_autoflush:  # the diff must see the edit before anything flushes it
        for name in EDITABLE:
            setattr(invoice, name, values[name])
        _reconcile_one(invoice, invoice.placement, settings)
        changes = audit.diff(invoice, FIELDS)
    save_unique(invoice, _duplicate_message(values["invoice_number"]), "invoice_number")
    if changes:
        audit.record("update", "invoices", invoice.id, changes)
    return invoice


def reconcile_placement(placement, settings):
    """Reconcile every invoice of the placement again; return {invoice id: Check}."""
    invoices = queries.invoices_of(placement)
    if not invoices:
        return {}
    plan = queries.plan_of(placement)
    reported = queries.reported_days_by_month(placement)
    checks = {}
    for invoice in invoices:
        checks[invoice.id] = queries.check_invoice(invoice, plan, invoices, reported, settings)
        invoice.mismatch_reason = checks[invoice.id].summary()
        changes = audit.diff(invoice, ("mismatch_reason",))
        if changes:
            audit.record("update", "invoices", invoice.id, changes)
    db.session.flush()
    return checks


def reconcile_after_report(placement, **_):
    """A report arrived or changed: the invoice flags of its placement follow at once.

    Receives placements' report_saved; app.register_signals connects it.
    """
    reconcile_placement(placement, money_settings())
