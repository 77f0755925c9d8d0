"""The finance Excel exports: costs per placement and month, invoices, claims.

Every file goes through registry/core/exports.py (formula-safe, control characters removed).
Money is written as exact kronor (core/money.py `kronor`) with the kronor format; every sum
is made in öre first.
"""

from datetime import date

from registry.agreements.models import Agreement
from registry.core.exports import DATE_FORMAT, KR_FORMAT, xlsx_bytes
from registry.core.money import kronor as kr
from registry.core.scoping import scoped
from registry.extensions import db
from registry.finance import addons as addon_money
from registry.finance import queries
from registry.finance.models import ClaimStatus, Invoice, ReimbursementClaim
from registry.placements.models import Placement
from registry.placements.rules import in_care_sql
from registry.providers.models import Provider


def _formats(headers, money, dates):
    formats = {headers.index(h): KR_FORMAT for h in money}
    formats.update({headers.index(h): DATE_FORMAT for h in dates})
    return formats


COST_HEADERS = ["Placering", "Utförare", "Avtal", "Månad", "Dygn (utfall)", "Kostnad (utfall)",
                "Dygn (prognos)", "Kostnad (prognos)"]


def costs_xlsx(year, on):
    """Return (xlsx bytes, rows) of the municipality's costs per placement and month in `year`."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    query = scoped(Placement).where(in_care_sql(Placement, first, last)).outerjoin(
        Agreement, Agreement.id == Placement.agreement_id).join(
        Provider, Provider.id == Placement.provider_id)
    names = {pid: (ref, provider, agreement) for pid, ref, provider, agreement in
             db.session.execute(query.with_only_columns(
                 Placement.id, Placement.case_reference, Provider.legal_name,
                 Agreement.reference))}
    rows = []
    for plan in sorted(queries.plans(query).values(), key=lambda p: names[p.id][0]):
        ref, provider, agreement = names[plan.id]
        for month in addon_money.accrual_by_month(plan.schedule, plan.addons,
                                                  plan.planned_end, on, first, last):
            rows.append([ref, provider, agreement or "Utanför avtal", month.month, month.days,
                         kr(month.cost_ore), month.forecast_days, kr(month.forecast_ore)])
    formats = _formats(COST_HEADERS, COST_HEADERS[5::2], ["Månad"])
    return xlsx_bytes(COST_HEADERS, rows, f"Kostnader {year}", formats), len(rows)


INVOICE_HEADERS = ["Fakturanummer", "Utförare", "Placering", "Från och med", "Till och med",
                   "Dygn", "Belopp", "Mottagen", "Avstämning", "Anteckning"]


def invoices_xlsx():
    """Return (xlsx bytes, rows) of the municipality's invoices with their reconciliation."""
    invoice = Invoice
    query = scoped(invoice).join(Placement, Placement.id == invoice.placement_id).join(
        Provider, Provider.id == invoice.provider_id)
    rows = [list(row) for row in db.session.execute(query.with_only_columns(
        invoice.invoice_number, Provider.legal_name, Placement.case_reference,
        invoice.period_start, invoice.period_end, invoice.days, invoice.amount_ore,
        invoice.received_on, invoice.mismatch_reason, invoice.note
    ).order_by(invoice.period_start, invoice.id))]
    for row in rows:
        row[6] = kr(row[6])
        row[8] = row[8] or "Stämmer"
    formats = _formats(INVOICE_HEADERS, ["Belopp"], ["Från och med", "Till och med", "Mottagen"])
    return xlsx_bytes(INVOICE_HEADERS, rows, "Fakturor", formats), len(rows)


CLAIM_HEADERS = ["Placering", "Från och med", "Till och med", "Status", "Sökt belopp",
                 "Inskickad", "Beslut", "Beviljat belopp", "Utbetald", "Utbetalt belopp"]


def claims_xlsx():
    """Return (xlsx bytes, rows) of the municipality's reimbursement claims."""
    claim = ReimbursementClaim
    query = scoped(claim).join(Placement, Placement.id == claim.placement_id).with_only_columns(
        Placement.case_reference, claim.period_start, claim.period_end, claim.status,
        claim.amount_ore, claim.submitted_on, claim.decided_on, claim.approved_ore,
        claim.paid_on, claim.paid_ore).order_by(claim.period_start, claim.id)
    rows = [[ref, first, last, ClaimStatus(status).label, kr(amount), submitted,
             decided, kr(approved), paid_on, kr(paid)]
            for ref, first, last, status, amount, submitted, decided, approved, paid_on, paid
            in db.session.execute(query)]
    formats = _formats(CLAIM_HEADERS, ["Sökt belopp", "Beviljat belopp", "Utbetalt belopp"],
                       ["Från och med", "Till och med", "Inskickad", "Beslut", "Utbetald"])
    return xlsx_bytes(CLAIM_HEADERS, rows, "Återsökningar", formats), len(rows)
