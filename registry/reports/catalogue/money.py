"""Days, cost, price and reimbursement across the municipalities (finance rules reused)."""

import pandas as pd

from registry.core.settings import money_settings
from registry.finance import calculations as calc
from registry.finance import reimbursement
from registry.finance.queries import plans
from registry.reports import queries

PLACEMENTS = "Antal placeringar"


def accrued_placements(filters, base=None):
    """Return [(facts row, care days, cost öre, PlacementPlan)] of placements in care."""
    query = queries.placements_in_care(filters, base)
    found = plans(query)
    rows = []
    for fact in queries.facts(query):
        plan = found[fact.placement_id]
        rows.append((fact, calc.care_days(plan.schedule, filters.first, filters.last),
                     calc.cost(plan.schedule, filters.first, filters.last), plan))
    return rows


def _per(total, count):
    return None if not count else round(total / count)


def average_daily_price(filters):
    """Return per service type and provider: placements, care days, cost per care day."""
    rows = [(f.service_type, f.provider, days, cost)
            for f, days, cost, _ in accrued_placements(filters)]
    frame = pd.DataFrame(rows, columns=["Insatstyp", "Utförare", "Vårddygn", "Kostnad"])
    grouped = frame.groupby(["Insatstyp", "Utförare"], sort=True).agg(
        **{PLACEMENTS: ("Vårddygn", "size"), "Vårddygn": ("Vårddygn", "sum"),
           "Kostnad": ("Kostnad", "sum")}).reset_index()
    grouped["Genomsnittligt dygnspris"] = [
        _per(cost, days) for cost, days in zip(grouped["Kostnad"], grouped["Vårddygn"],
                                               strict=True)]
    return grouped[["Insatstyp", "Utförare", PLACEMENTS, "Vårddygn",
                    "Genomsnittligt dygnspris"]]


def days_and_cost(filters):
    """Return per municipality: placements, care days and cost in the period, and per placement."""
    rows = [(f.municipality, days, cost) for f, days, cost, _ in accrued_placements(filters)]
    frame = pd.DataFrame(rows, columns=["Kommun", "Vårddygn", "Kostnad"])
    grouped = frame.groupby("Kommun", sort=True).agg(
        **{PLACEMENTS: ("Vårddygn", "size"), "Vårddygn": ("Vårddygn", "sum"),
           "Kostnad": ("Kostnad", "sum")}).reset_index()
    count = grouped[PLACEMENTS]
    grouped["Vårddygn per placering"] = [_per(d, n) for d, n in zip(grouped["Vårddygn"], count,
                                                                     strict=True)]
    grouped["Kostnad per placering"] = [_per(c, n) for c, n in zip(grouped["Kostnad"], count,
                                                                    strict=True)]
    return grouped


def _eligible(placement, plan, filters, settings):
    """Return the öre of the period's care days the police may reimburse for one placement."""
    if placement is None or not reimbursement.is_eligible(placement):
        return 0
    window = reimbursement.window_of(plan.schedule.start, settings)
    first, last = max(window.first, filters.first), min(window.last, filters.last)
    if first > last:
        return 0
    return reimbursement.eligible_amount(plan.schedule, first, last, settings)


def reimbursement_vs_cost(filters, settings=None):
    """Return per municipality: cost, reimbursable, claimed and paid in the period."""
    settings = settings or money_settings()
    accrued = accrued_placements(filters)
    ids = [fact.placement_id for fact, *_ in accrued]
    placements = queries.eligibility(ids)
    claimed, paid = {}, {}
    for placement_id, status, amount, paid_ore in queries.claims_in_period(ids, filters):
        if status not in reimbursement.NOT_COVERING:
            claimed[placement_id] = claimed.get(placement_id, 0) + amount
        paid[placement_id] = paid.get(placement_id, 0) + (paid_ore or 0)
    rows = [(f.municipality, cost, _eligible(placements.get(f.placement_id), plan, filters,
                                              settings),
             claimed.get(f.placement_id, 0), paid.get(f.placement_id, 0))
            for f, _, cost, plan in accrued]
    frame = pd.DataFrame(rows, columns=["Kommun", "Kostnad", "Återsökningsbart", "Återsökt",
                                        "Utbetalt"])
    grouped = frame.groupby("Kommun", sort=True).agg(
        **{PLACEMENTS: ("Kostnad", "size")}, **{c: (c, "sum") for c in frame.columns[1:]}
    ).reset_index()
    grouped["Återvunnen andel av kostnaden (%)"] = [
        None if not cost else round(100 * got / cost, 1)
        for got, cost in zip(grouped["Utbetalt"], grouped["Kostnad"], strict=True)]
    return grouped
