"""The pictures on each role's dashboard: lists, tables and charts beside the key numbers.

Each panel reuses its area's rule: agreement status and ceilings from agreements, assessment
standing from quality, what is due from placements, money from finance, statistics from the
report catalogue.
"""

from datetime import timedelta

from sqlalchemy import select

from registry.agreements.queries import list_agreements
from registry.agreements.status import IN_FORCE
from registry.core.charts import bar_chart
from registry.core.money import format_money
from registry.core.periods import Period
from registry.core.settings import current_settings
from registry.extensions import db
from registry.finance.agreement_spend import agreement_spend
from registry.finance.queries import year_months
from registry.placements.queries import PlacementState, list_rows
from registry.providers.models import Provider, ProviderStatus
from registry.quality.queries import latest_standing
from registry.reports.catalogue import REPORTS, build
from registry.reports.filters import ReportFilters
from registry.reports.presentation import chart_of, disclosure_note, present

EXPIRY_HORIZON_DAYS = 180
LIST_LENGTH = 10


def _settings():
    return current_settings()


def _report(name, filters, user):
    """Return (Presented, chart) of a catalogue report for the dashboard."""
    report = REPORTS[name]
    presented = present(report, build(report, filters, user),
                        _settings().small_number_threshold, user.municipality_id)
    return presented, chart_of(report, presented)


# Purchaser ---------------------------------------------------------------------------------

def providers_due_for_assessment(on):
    """Return [(provider, Standing or None)] lacking an assessment valid 30 days ahead."""
    ahead = on + timedelta(days=_settings().alerts.assessment_days)
    providers = list(db.session.scalars(select(Provider).where(
        Provider.status != ProviderStatus.TERMINATED.value).order_by(Provider.legal_name)))
    standing = latest_standing(p.id for p in providers)
    due = [(p, standing.get(p.id)) for p in providers
           if p.id not in standing or not standing[p.id].is_valid_on(ahead)]
    return sorted(due, key=lambda pair: pair[1].valid_until if pair[1] else on)


def purchaser_panels(user, on):
    """Return agreements expiring, ceilings, assessments due and the price spread."""
    in_force = [v for v in list_agreements(on, municipality_id=user.municipality_id)
                if v.status in IN_FORCE]
    with_ceiling = [v for v in in_force if v.agreement.ceiling_ore]
    spends = agreement_spend([v.agreement for v in with_ceiling], on, user.municipality_id)
    use = {agreement_id: spend.ceiling for agreement_id, spend in spends.items()}
    prices, price_chart = _report("prisspridning", ReportFilters(Period.month_of(on)), user)
    return {
        "expiring": sorted([v for v in in_force if v.days_left <= EXPIRY_HORIZON_DAYS],
                           key=lambda v: v.days_left)[:LIST_LENGTH],
        "ceilings": sorted([(v, use[v.agreement.id], spends[v.agreement.id])
                            for v in with_ceiling if use[v.agreement.id] is not None],
                           key=lambda row: -(row[1].percent or 0))[:LIST_LENGTH],
        "assessment_due": providers_due_for_assessment(on),
        "prices": prices, "price_chart": price_chart,
    }


# Case officer ------------------------------------------------------------------------------

def case_officer_panels(user, on):
    """Return the officer's own active placements, soonest due first (audited as a list)."""
    page = list_rows(user.municipality, on, state=PlacementState.ACTIVE, officer_id=user.id)
    return {"mine": page.items[:LIST_LENGTH], "mine_total": page.total}


# Finance -----------------------------------------------------------------------------------

def finance_panels(user, on):
    """Return cost per month with forecast, and reimbursement against cost for the year."""
    months = year_months(on.year, on, user)
    chart = bar_chart([(f"{m.month:%Y-%m}", m.total_ore,
                        format_money(m.total_ore, whole=True)
                        + (" (prognos)" if m.forecast_ore and not m.actual_ore else ""))
                       for m in months])
    filters = ReportFilters.year(on.year, municipality_id=user.municipality_id)
    reimbursement, _ = _report("aterforing", filters, user)
    return {"months": months, "month_chart": chart,
            "forecast_total_ore": sum(m.total_ore for m in months),
            "reimbursement": reimbursement}


# Coordinator -------------------------------------------------------------------------------

def coordinator_panels(user, on):
    """Return this year's placements per municipality and service type, protected."""
    table, chart = _report("placeringar-per-insatstyp", ReportFilters.year(on.year), user)
    return {"by_service_type": table, "chart": chart,
            "note": disclosure_note(_settings().small_number_threshold)}
