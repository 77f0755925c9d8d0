"""Days, cost, price and reimbursement across the municipalities (finance rules reused).

Each builder returns one Fact per placement in care some day of the period's year, with its
measures in the chosen period and in every period nested with it (core/periods.py), so the
presentation can hide an amount that a nested period would single out (DESIGN §2a).
"""

from dataclasses import dataclass, replace
from datetime import date

from registry.core.dates import today
from registry.core.periods import Period, nested_periods
from registry.core.settings import money_settings
from registry.finance import addons as addon_money
from registry.finance import calculations as calc
from registry.finance import reimbursement
from registry.finance.queries import plans
from registry.reports import queries
from registry.reports.facts import Fact, ReportData

PLACEMENTS = "Antal placeringar"
DAYS, COST = "Vårddygn", "Kostnad"
AVERAGE_PRICE = "Genomsnittligt dygnspris"
REIMBURSEMENT = ("Återsökningsbart", "Återsökt", "Utbetalt")
SHARE = "Återvunnen andel av kostnaden (%)"


def accrued_placements(filters, base=None):
    """Return [(facts row, care days, cost öre, PlacementPlan)] of placements in care."""
    query = queries.placements_in_care(filters, base)
    found = plans(query)
    rows = []
    for fact in queries.facts(query):
        plan = found[fact.placement_id]
        rows.append((fact, calc.care_days(plan.schedule, filters.first, filters.last),
                     addon_money.plan_cost(plan, filters.first, filters.last), plan))
    return rows


def _per(total, count):
    return None if not count else round(total / count)


def _year_placements(filters):
    """Return [(facts row, PlacementPlan)] of placements in care some day of the period's year."""
    query = queries.placements_in_care(replace(filters,
                                               period=Period.whole_year(filters.period.year)))
    found = plans(query)
    return [(fact, found[fact.placement_id]) for fact in queries.facts(query)]


@dataclass(frozen=True)
class Span:
    """The days of a period that have passed: amounts accrue only for days up to today."""

    first: date
    last: date


def _to_date(period, on):
    return Span(period.first, min(period.last, on)) if period.first <= on else None


def placement_facts(filters, placements, keys_of, measures_of):
    """Return a Fact per placement with its measures in the period and its nested periods,
    each counted up to today (a placement's planned days ahead are not accrued cost)."""
    on = today()
    spans = [(period, _to_date(period, on))
             for period in (filters.period, *nested_periods(filters.period))]
    facts = []
    for fact, plan in placements:
        values = {period: measures_of(fact, plan, span) for period, span in spans
                  if span is not None
                  and calc.care_range(plan.schedule, span.first, span.last) is not None}
        if values:
            facts.append(Fact(fact.placement_id, fact.municipality_id, keys_of(fact), values))
    return facts


def _days_and_cost(_fact, plan, period):
    return (calc.care_days(plan.schedule, period.first, period.last),
            calc.cost(plan.schedule, period.first, period.last))


def average_daily_price(filters):
    """Return per service type and provider: placements, care days, cost per care day.

    Only placements priced per day: a price per hour, programme or month is no daily price.
    """
    daily = [(fact, plan) for fact, plan in _year_placements(filters)
             if plan.schedule.unit == "day"]
    facts = placement_facts(filters, daily,
                   lambda f: (f.service_type, f.provider), _days_and_cost)
    return ReportData(filters.period, facts, ("Insatstyp", "Utförare"), (DAYS, COST))


def average_price_columns(sums, _count):
    """Return the shown columns of a row of average_daily_price."""
    return {DAYS: sums[DAYS], AVERAGE_PRICE: _per(sums[COST], sums[DAYS])}


def days_and_cost(filters):
    """Return per municipality: placements, care days and cost in the period, and per placement."""
    facts = placement_facts(filters, _year_placements(filters), lambda f: (f.municipality,),
                   _days_and_cost)
    return ReportData(filters.period, facts, ("Kommun",), (DAYS, COST))


def days_and_cost_columns(sums, count):
    """Return the shown columns of a row of days_and_cost."""
    return {DAYS: sums[DAYS], COST: sums[COST], "Vårddygn per placering": _per(sums[DAYS], count),
            "Kostnad per placering": _per(sums[COST], count)}


def _eligible(placement, plan, period, settings):
    """Return the öre of the period's care days the police may reimburse for one placement."""
    if placement is None or not reimbursement.is_eligible(placement):
        return 0
    window = reimbursement.window_of(placement, plan.schedule.start, settings)
    first, last = max(window.first, period.first), min(window.last, period.last)
    if first > last:
        return 0
    return reimbursement.eligible_amount(plan.schedule, first, last, settings)


def _claimed_and_paid(claims, period):
    """Return (claimed, paid) öre of one placement's claims for care periods that begin in the
    period: each claim counts in one month only, so the amounts add up over months like cost
    does (presentation.amounts_shown relies on it)."""
    claimed = paid = 0
    for status, amount, paid_ore, start, _end in claims:
        if period.first <= start <= period.last:
            if status not in reimbursement.NOT_COVERING:
                claimed += amount
            paid += paid_ore or 0
    return claimed, paid


def reimbursement_vs_cost(filters, settings=None):
    """Return per municipality: cost, reimbursable, claimed and paid in the period."""
    settings = settings or money_settings()
    placements = _year_placements(filters)
    ids = [fact.placement_id for fact, _ in placements]
    loaded = queries.eligibility(ids)
    year = Period.whole_year(filters.period.year)
    claims = {}
    for placement_id, *claim in queries.claims_in_period(ids, year.first, year.last):
        claims.setdefault(placement_id, []).append(claim)

    def measures(fact, plan, period):
        return (addon_money.plan_cost(plan, period.first, period.last),
                _eligible(loaded.get(fact.placement_id), plan, period, settings),
                *_claimed_and_paid(claims.get(fact.placement_id, ()), period))

    facts = placement_facts(filters, placements, lambda f: (f.municipality,), measures)
    return ReportData(filters.period, facts, ("Kommun",), (COST, *REIMBURSEMENT))


def reimbursement_columns(sums, _count):
    """Return the shown columns of a row of reimbursement_vs_cost."""
    cost = sums[COST]
    return {COST: cost, **{name: sums[name] for name in REIMBURSEMENT},
            SHARE: None if not cost else round(100 * sums["Utbetalt"] / cost, 1)}
