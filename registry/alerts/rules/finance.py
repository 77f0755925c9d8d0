"""Finance's rules: the reimbursement window closing, the claim deadline, invoice mismatches.

The money rules are finance's (registry/finance): the window and claim deadline
(reimbursement.window_of, from the settings), what is still unclaimed
(reimbursement.summary) and the invoice reconciliation, whose outcome finance stores on the
invoice (`mismatch_reason`, what its flagged list filters on). The window rule lives in
Python, so the two reimbursement rules narrow the placements in SQL to those whose window
can matter on the day, ask finance's summary for each, and hand the answer to the runner.
"""

from datetime import timedelta

from sqlalchemy import func, select

from registry.alerts.models import Audience, Severity
from registry.alerts.rules.base import Rule, due, fixed, listed
from registry.core.dates import add_months, month_start
from registry.core.settings import money_settings
from registry.extensions import db
from registry.finance import queries as money
from registry.finance import reimbursement
from registry.finance.models import ClaimStatus, Invoice, ReimbursementClaim
from registry.placements.models import Placement

LOST_CLAIMS_KEPT_DAYS = 365  # a claim deadline missed longer ago than this stops alerting
SLACK = timedelta(days=4)  # covers month-end clamping when narrowing by the window's opening


def invoice_mismatch(ctx):
    """Invoices finance's reconciliation flagged (days or amount off, or overlapping), from
    the day they were received."""
    received = func.coalesce(Invoice.received_on, Invoice.period_end)
    return due(Invoice.id, Invoice.municipality_id, received, fixed(Severity.WARNING)).where(
        Invoice.mismatch_reason.is_not(None), received <= ctx.on)


def _positions(ctx, settings):
    """Yield (placement, Summary, has draft) for placements whose window ends near `on`."""
    latest_last = ctx.on + timedelta(days=ctx.limits.window_days)
    earliest_last = ctx.on - timedelta(days=LOST_CLAIMS_KEPT_DAYS + settings.claim_deadline_days)
    query = select(Placement).where(money.window_opens_between(
        add_months(earliest_last, -settings.window_months) - SLACK,
        add_months(latest_last, -settings.window_months) + SLACK, settings),
        Placement.start_date <= ctx.on)
    placements = {p.id: p for p in db.session.scalars(query)}
    if not placements:
        return
    plans = money.plans(select(Placement).where(Placement.id.in_(placements)))
    claims, drafts = {pid: [] for pid in placements}, set()
    for claim in db.session.scalars(select(ReimbursementClaim).where(
            ReimbursementClaim.placement_id.in_(placements))):
        claims[claim.placement_id].append(money.claim_period(claim))
        if claim.status == ClaimStatus.DRAFT.value:
            drafts.add(claim.placement_id)
    for pid, placement in placements.items():
        plan = plans[pid]
        yield placement, reimbursement.summary(placement, plan.schedule, plan.planned_end,
                                               claims[pid], settings, ctx.on), pid in drafts


def reimbursement_window_closing(ctx):
    """Eligible placements whose window ends within 30 days with a past month unclaimed."""
    rows, this_month = [], month_start(ctx.on)
    for placement, position, _ in _positions(ctx, money_settings()):
        last = position.window.last
        unclaimed_month = any(first < this_month for first, _ in position.unclaimed)
        if position.eligible and unclaimed_month and \
                ctx.on <= last <= ctx.on + timedelta(days=ctx.limits.window_days):
            rows.append((placement.id, placement.municipality_id, last, Severity.WARNING))
    return listed(rows)


def claim_deadline(ctx):
    """Eligible placements whose claim deadline is within 30 days or passed, with window days
    still unclaimed or only in a draft claim."""
    rows = []
    for placement, position, has_draft in _positions(ctx, money_settings()):
        deadline = position.window.deadline
        open_days = position.unclaimed or has_draft
        kept = ctx.on - timedelta(days=LOST_CLAIMS_KEPT_DAYS) <= deadline
        if position.eligible and open_days and kept and \
                deadline <= ctx.on + timedelta(days=ctx.limits.window_days):
            late = Severity.CRITICAL if deadline < ctx.on else Severity.WARNING
            rows.append((placement.id, placement.municipality_id, deadline, late))
    return listed(rows)


RULES = (
    Rule("reimbursement_window_closing", "Återsökningsfönstret stänger", "placement",
         Audience.FINANCE, reimbursement_window_closing),
    Rule("claim_deadline", "Återsökning inte inskickad i tid", "placement", Audience.FINANCE,
         claim_deadline),
    Rule("invoice_mismatch", "Fakturan stämmer inte", "invoice", Audience.FINANCE,
         invoice_mismatch),
)
