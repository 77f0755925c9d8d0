"""Demo money: invoices and police reimbursement claims per placement, budgets per year."""

from datetime import timedelta

from sqlalchemy import select

from registry.core.dates import add_months, month_start
from registry.core.settings import money_settings
from registry.extensions import db
from registry.finance import calculations as calc
from registry.finance.models import Budget, BudgetLine, ClaimStatus, Invoice, ReimbursementClaim
from registry.finance.reconciliation import InvoiceFacts, reconcile
from registry.placements.choices import ReportSource
from registry.placements.models import MonthlyReport
from registry.seeding.files import SeedDataError, check_keys, load_csv, require

INVOICE_FIELDS = ("number", "months_ago", "extra_days", "note")
CLAIM_FIELDS = ("from_month", "to_month", "status", "approved_share")
BUDGET_FIELDS = ("municipality", "line", "amount_ore", "note")
INVOICE_ARRIVES_DAYS = 8  # after the month it bills
SUBMIT_AFTER_DAYS = 14  # a claim is sent this long after its period ends
DECIDE_AFTER_DAYS = 30
PAY_AFTER_DAYS = 20
STEP = {ClaimStatus.DRAFT: 0, ClaimStatus.SUBMITTED: 1, ClaimStatus.APPROVED: 2,
        ClaimStatus.PARTLY_APPROVED: 2, ClaimStatus.REJECTED: 2, ClaimStatus.PAID: 3}


def seed_case_money(ctx, case):
    invoices = []
    for spec in case.row.get("invoices") or []:
        check_keys(spec, INVOICE_FIELDS, f"{case.placement.case_reference}, faktura")
        invoices.append(_invoice(ctx, case, spec))
    _reconcile(case, [invoice for invoice in invoices if invoice is not None])
    for spec in case.row.get("claims") or []:
        check_keys(spec, CLAIM_FIELDS, f"{case.placement.case_reference}, återsökning")
        _claim(ctx, case, spec)


def _plan(case):
    """The placement's rate schedule, so demo amounts follow the one accrual rule."""
    start_rate = case.rates[0][1]
    query = select(MonthlyReport.month, MonthlyReport.hours).where(
        MonthlyReport.placement_id == case.placement.id, MonthlyReport.hours.is_not(None),
        MonthlyReport.source == ReportSource.PROVIDER.value)
    hours = dict(db.session.execute(query).all())
    return calc.schedule(case.start, case.placement.end_date, start_rate, case.rates[1:],
                         case.placement.rate_unit, hours,
                         case.placement.planned_hours_per_month)


def _last_day(case):
    """The last care day so far: the day before the end (departure) day, or today."""
    plan = _plan(case)
    return min(plan.last_care_day or case.today, case.today)


def _invoice(ctx, case, spec):
    """An invoice for one whole month; `extra_days` bills days that were not in care."""
    provider_id = case.placement.provider_id
    taken = select(Invoice.id).where(Invoice.provider_id == provider_id,
                                     Invoice.municipality_id == case.placement.municipality_id,
                                     Invoice.invoice_number == spec["number"])
    if db.session.scalar(taken) is not None:
        return None
    month = add_months(month_start(ctx.today), -int(spec["months_ago"]))
    first = max(month, case.start)
    last = min(add_months(month, 1) - timedelta(days=1), _last_day(case))
    if first > last:
        raise SeedDataError(f"{case.placement.case_reference}: faktura utanför placeringen")
    plan, extra = _plan(case), int(spec.get("extra_days", 0))
    invoice = case.child(
        Invoice, provider_id=provider_id, invoice_number=spec["number"], period_start=first,
        period_end=last, days=calc.care_days(plan, first, last) + extra,
        amount_ore=calc.expected_amount(plan, first, last, calc.care_days(plan, first, last)
                                        + extra),
        received_on=min(add_months(month, 1) + timedelta(days=INVOICE_ARRIVES_DAYS), ctx.today),
        note=spec.get("note", ""))
    db.session.add(invoice)
    ctx.created("invoices")
    return invoice


def _reconcile(case, invoices):
    """Flag the demo invoices as the finance pages would (reports are seeded before money)."""
    query = select(MonthlyReport.month, MonthlyReport.days_in_care).where(
        MonthlyReport.placement_id == case.placement.id,
        MonthlyReport.source == ReportSource.PROVIDER.value)
    reported = {month: days for month, days in db.session.execute(query)}
    tolerance = money_settings().invoice_tolerance_ore
    for index, invoice in enumerate(invoices):
        earlier = [facts(other) for other in invoices[:index]]
        check = reconcile(_plan(case), facts(invoice), reported, earlier, tolerance)
        invoice.mismatch_reason = check.summary()


def facts(invoice):
    return InvoiceFacts(None, invoice.invoice_number, invoice.period_start, invoice.period_end,
                        invoice.days, invoice.amount_ore)


def _claim(ctx, case, spec):
    """A claim for months `from_month`–`to_month` after the start, advanced to its status."""
    first = add_months(case.start, int(spec["from_month"]))
    last = min(add_months(case.start, int(spec["to_month"])) - timedelta(days=1), _last_day(case))
    if first > last:
        raise SeedDataError(f"{case.placement.case_reference}: återsökning utanför placeringen")
    status = ClaimStatus(spec["status"])
    amount = calc.cost(_plan(case), first, last)
    claim = case.child(ReimbursementClaim, period_start=first, period_end=last,
                       amount_ore=amount, status=status.value, created_by_id=case.finance.id)
    _advance(claim, status, amount, spec.get("approved_share"), ctx.today, case.finance.id)
    db.session.add(claim)
    ctx.created("reimbursement_claims")


def _advance(claim, status, amount, share, today, user_id):
    """Fill the dates and amounts of each step the claim has passed (none in the future)."""
    step = STEP[status]
    submitted = min(claim.period_end + timedelta(days=SUBMIT_AFTER_DAYS), today)
    decided = min(submitted + timedelta(days=DECIDE_AFTER_DAYS), today)
    if step >= 1:
        claim.submitted_on, claim.submitted_by_id = submitted, user_id
    if step >= 2:
        claim.decided_on, claim.decided_by_id = decided, user_id
        claim.approved_ore = _approved(status, amount, share)
    if step >= 3:
        claim.paid_on = min(decided + timedelta(days=PAY_AFTER_DAYS), today)
        claim.paid_ore, claim.paid_by_id = claim.approved_ore, user_id


def _approved(status, amount, share):
    if status == ClaimStatus.REJECTED:
        return 0
    if status == ClaimStatus.PARTLY_APPROVED:
        if share is None or not 0 < float(share) < 1:
            raise SeedDataError("delvis beviljad återsökning behöver approved_share mellan 0 och 1")
        return round(amount * float(share))
    return amount


def seed_budgets(ctx):
    """Budget lines for the current year, looked up by (municipality, year, line)."""
    for number, row in enumerate(load_csv("demo", "budgets.csv"), start=2):
        where = f"budgets.csv rad {number}"
        check_keys(row, BUDGET_FIELDS, where)
        require(row, ("municipality", "line", "amount_ore"), where)
        keys = {"municipality_id": ctx.municipality(row["municipality"]).id,
                "year": ctx.today.year, "line": BudgetLine(row["line"]).value}
        if db.session.scalar(select(Budget.id).filter_by(**keys)) is not None:
            continue
        db.session.add(Budget(amount_ore=int(row["amount_ore"]), note=row["note"] or "", **keys))
        ctx.created("budgets")
    db.session.flush()
