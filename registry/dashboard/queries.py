"""The numbers on each role's dashboard, each from one or two aggregate queries."""

from datetime import date, timedelta

from sqlalchemy import and_, case, exists, func, or_, select

from registry.agreements.queries import list_agreements
from registry.agreements.status import IN_FORCE
from registry.auth.models import User
from registry.core.audit import AuditEvent
from registry.core.dates import month_start, utcnow
from registry.core.disclosure import viewer_count
from registry.core.scoping import scoped
from registry.extensions import db
from registry.finance.models import Budget, ReimbursementClaim
from registry.finance.queries import accrued_between
from registry.municipalities.models import Municipality
from registry.placements.models import Deviation, MonthlyReport, Placement
from registry.placements.rules import in_care_sql
from registry.providers.models import Provider, ProviderStatus
from registry.providers.status import status_clause
from registry.quality.models import Assessment, AssessmentStatus

EXPIRY_HORIZON_DAYS = 180
ENDING_HORIZON_DAYS = 30


def _count(query, column):
    return db.session.scalar(query.with_only_columns(func.count(column)))


def previous_month(on):
    """Return (first day, last day) of the month before `on`."""
    last = month_start(on) - timedelta(days=1)
    return month_start(last), last


# Purchaser ---------------------------------------------------------------------------------

def providers_by_status(on):
    """Return {status: count} of effective statuses on `on` (a lapsed suspension is active)."""
    columns = [func.coalesce(func.sum(case((status_clause(status, on), 1), else_=0)), 0)
               for status in ProviderStatus]
    counts = db.session.execute(select(*columns).select_from(Provider)).one()
    return {status.value: int(count) for status, count in zip(ProviderStatus, counts, strict=True)}


def providers_without_valid_assessment(on):
    """Count providers not terminated that lack a completed assessment valid on `on`."""
    valid = exists().where(Assessment.provider_id == Provider.id,
                           Assessment.status == AssessmentStatus.COMPLETED.value,
                           Assessment.valid_until >= on)
    query = select(func.count(Provider.id)).where(
        Provider.status != ProviderStatus.TERMINATED.value, ~valid)
    return db.session.scalar(query)


def purchaser_numbers(user, on):
    """Return the purchaser's numbers: providers and the agreements the municipality is party to."""
    views = list_agreements(on, municipality_id=user.municipality_id)
    in_force = [v for v in views if v.status in IN_FORCE]
    return {
        "providers": providers_by_status(on),
        "agreements_in_force": len(in_force),
        "agreements_expiring": sum(1 for v in in_force if v.days_left <= EXPIRY_HORIZON_DAYS),
        "horizon_days": EXPIRY_HORIZON_DAYS,
        "without_assessment": providers_without_valid_assessment(on),
    }


# Case officer ------------------------------------------------------------------------------

def reports_missing(user, first, last):
    """Count the municipality's placements in care during a month with no provider report in."""
    received = select(MonthlyReport.placement_id).where(
        MonthlyReport.month.between(first, last), MonthlyReport.source == "provider",
        MonthlyReport.received_on.is_not(None))
    query = scoped(Placement, user).where(in_care_sql(Placement, first, last),
                                          Placement.id.not_in(received))
    return _count(query, Placement.id)


def case_officer_numbers(user, on):
    """Return the case officer's numbers for the own municipality."""
    first, last = previous_month(on)
    ending = scoped(Placement, user).where(  # no end decided yet (DESIGN.md §3)
        in_care_sql(Placement, on, on), Placement.end_date.is_(None),
        Placement.planned_end.between(on, on + timedelta(ENDING_HORIZON_DAYS)))
    open_deviations = scoped(Deviation, user).where(Deviation.decision.is_(None))
    return {
        "active": _count(scoped(Placement, user).where(in_care_sql(Placement, on, on)),
                         Placement.id),
        "report_month": first,
        "reports_missing": reports_missing(user, first, last),
        "open_deviations": _count(open_deviations, Deviation.id),
        "ending_soon": _count(ending, Placement.id),
        "horizon_days": ENDING_HORIZON_DAYS,
    }


# Finance -----------------------------------------------------------------------------------

def accrued_cost(user, on):
    """Return (placements, öre) accrued this year to `on`, day by day at each day's rate."""
    return accrued_between(scoped(Placement, user), date(on.year, 1, 1), on)


def claims_by_status(user):
    """Return [(status, count, claimed öre)] for the municipality's reimbursement claims."""
    query = scoped(ReimbursementClaim, user).with_only_columns(
        ReimbursementClaim.status, func.count(ReimbursementClaim.id),
        func.coalesce(func.sum(ReimbursementClaim.amount_ore), 0),
    ).group_by(ReimbursementClaim.status)
    return [tuple(row) for row in db.session.execute(query)]


def budget_for_year(user, year):
    """Return [(line, öre)] of the municipality's budget for a year."""
    query = scoped(Budget, user).where(Budget.year == year).with_only_columns(
        Budget.line, Budget.amount_ore).order_by(Budget.line)
    return [tuple(row) for row in db.session.execute(query)]


def finance_numbers(user, on):
    """Return the finance officer's numbers for the own municipality."""
    placements, cost = accrued_cost(user, on)
    budget = budget_for_year(user, on.year)
    return {
        "year": on.year,
        "active": _count(scoped(Placement, user).where(in_care_sql(Placement, on, on)),
                         Placement.id),
        "placements_this_year": placements,
        "accrued_ore": cost,
        "claims": claims_by_status(user),
        "budget": budget,
        "budget_total_ore": sum(amount for _, amount in budget),
    }


# Coordinator -------------------------------------------------------------------------------

def placements_per_municipality(on):
    """Return [(municipality, its id, ids in care on `on`, ids started this year to `on`)] for
    every municipality: the records behind each count (core/disclosure.py counts them)."""
    started = and_(Placement.start_date >= date(on.year, 1, 1), Placement.start_date <= on)
    active = in_care_sql(Placement, on, on)
    rows = {municipality_id: (name, municipality_id, set(), set())
            for municipality_id, name in db.session.execute(
                select(Municipality.id, Municipality.name).order_by(Municipality.name))}
    query = select(Placement.municipality_id, Placement.id, case((active, 1), else_=0),
                   case((started, 1), else_=0)).where(or_(active, started))
    for municipality_id, placement_id, is_active, is_started in db.session.execute(query):
        _, _, active_ids, started_ids = rows[municipality_id]
        if is_active:
            active_ids.add(placement_id)
        if is_started:
            started_ids.add(placement_id)
    return list(rows.values())


def coordinator_numbers(on, threshold, viewer=None):
    """Return per-municipality counts as the viewer may see them: their own municipality's
    exact, every other count and every total rounded to a multiple of k (core/disclosure.py)."""
    rows = placements_per_municipality(on)

    def shown(ids_and_municipalities):
        return viewer_count(ids_and_municipalities, viewer, threshold)

    def of(index, municipality_ids=None):
        return [(pid, row[1]) for row in rows for pid in row[index]
                if municipality_ids is None or row[1] in municipality_ids]

    return {
        "rows": [(name, shown(of(2, {mid})), shown(of(3, {mid})))
                 for name, mid, _, _ in rows],
        "active_total": shown(of(2)),
        "started_total": shown(of(3)),
        "threshold": threshold,
        "year": on.year,
    }


# Admin -------------------------------------------------------------------------------------

def admin_numbers():
    """Return user counts and audit counts for the last 24 hours."""
    since = utcnow() - timedelta(hours=24)
    events = select(AuditEvent.action, func.count(AuditEvent.id)).where(
        AuditEvent.occurred_at >= since,
        AuditEvent.action.in_(("failed_login", "denied"))).group_by(AuditEvent.action)
    counts = dict(db.session.execute(events).all())
    users = select(func.count(User.id), func.coalesce(func.sum(case((User.active, 1),
                                                                    else_=0)), 0))
    total, active = db.session.execute(users).one()
    return {"users": total, "active_users": active,
            "failed_logins": counts.get("failed_login", 0), "denied": counts.get("denied", 0)}
