"""Register, correct and reconcile invoices; find the own placement an invoice is for."""

from dataclasses import dataclass

from sqlalchemy import select

from registry.core import audit
from registry.core.locking import check_version
from registry.core.money import format_money
from registry.core.refusal import Refused
from registry.core.scoping import scoped
from registry.core.settings import money_settings
from registry.extensions import db
from registry.finance import queries
from registry.finance.models import Invoice
from registry.finance.reconciliation import Check, Reason
from registry.finance.services.errors import save_unique
from registry.placements.models import Placement
from registry.placements.rules import last_care_day

UNKNOWN_CASE = "Okänd ärendereferens."


@dataclass(frozen=True)
class Saved:
    """A registered or corrected invoice and how it reconciled."""

    invoice: Invoice
    check: Check

    def message(self, done="registrerad"):
        """Return (flash category, Swedish text): a mismatch is a warning with the difference."""
        if self.check.agrees:
            return "success", f"Fakturan är {done} och stämmer med vad som ska betalas."
        check = self.check
        details = [detail for reason, detail in check.reasons if reason != Reason.RATE]
        if len(details) < len(check.reasons):  # the amount differs: say by how much
            details.insert(0, f"Fakturan avviker med {format_money(abs(check.difference_ore))} "
                              f"från vad som ska betalas ({format_money(check.expected_ore)} "
                              f"för perioden, fakturerat {format_money(check.invoiced_ore)}).")
        return "warning", f"Fakturan är {done} men avviker. {' '.join(details)}"


def placement_for(case_reference, period_end):
    """Return the own placement with the case reference that the period falls in; else refuse.

    A reference can recur (a new placement of the same case): the latest started on or before
    the period's last day is meant. A reference of another municipality is as unknown as one
    that does not exist.
    """
    reference = (case_reference or "").strip()
    found = list(db.session.scalars(scoped(Placement).where(
        Placement.case_reference == reference).order_by(Placement.start_date.desc())))
    if not reference or not found:
        raise Refused(UNKNOWN_CASE, "case_reference")
    started = [p for p in found if period_end is None or p.start_date <= period_end]
    return started[0] if started else found[-1]


def register_for_case(values, settings):
    """Register an invoice named by case reference (the list's form, the ledger import).

    `org_number`, when given, must be the placement's provider's; `whole_month` narrows a
    calendar month to the placement's care days in it. Runs in its own savepoint.
    """
    with db.session.begin_nested():
        placement = placement_for(values["case_reference"], values["period_end"])
        org_number = values.get("org_number")
        if org_number is not None and placement.provider.org_number != org_number:
            raise Refused("Utföraren är inte placeringens utförare.", "org_number")
        invoice = {name: values[name] for name in EDITABLE}
        if values.get("whole_month"):
            invoice.update(_care_part(placement, values["period_start"], values["period_end"]))
        return register_invoice(placement, invoice, settings)


def _care_part(placement, first, last):
    final = last_care_day(placement.start_date, placement.end_date)
    begin = max(first, placement.start_date)
    finish = last if final is None else min(last, final)
    return {"period_start": begin, "period_end": finish} if begin <= finish else {}

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
    """Register an invoice for the placement's provider, reconciled; refuse a duplicate number.

    Returns Saved (the invoice and its reconciliation).
    """
    values = _check_values(placement, values)
    if _taken(placement, values["invoice_number"]):
        raise Refused(_duplicate_message(values["invoice_number"]), "invoice_number")
    invoice = Invoice(placement_id=placement.id, municipality_id=placement.municipality_id,
                      provider_id=placement.provider_id, **values)
    check = _reconcile_one(invoice, placement, settings)
    changes = audit.diff(invoice, FIELDS)
    save_unique(invoice, _duplicate_message(values["invoice_number"]), "invoice_number")
    audit.record("create", "invoices", invoice.id, changes)
    return Saved(invoice, check)


def update_invoice(invoice, values, version, settings):
    """Correct a registered invoice read at `version`, and reconcile it again (Saved)."""
    check_version(invoice, version)
    values = _check_values(invoice.placement, values)
    if _taken(invoice, values["invoice_number"], invoice.id):
        raise Refused(_duplicate_message(values["invoice_number"]), "invoice_number")
    with db.session.no_autoflush:  # the diff must see the edit before anything flushes it
        for name in EDITABLE:
            setattr(invoice, name, values[name])
        check = _reconcile_one(invoice, invoice.placement, settings)
        changes = audit.diff(invoice, FIELDS)
    save_unique(invoice, _duplicate_message(values["invoice_number"]), "invoice_number")
    if changes:
        audit.record("update", "invoices", invoice.id, changes)
    return Saved(invoice, check)


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
