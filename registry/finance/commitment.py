"""Committed spend ("åtaget"): what running placements will cost to their planned end.

A running placement commits the forecast of its care days after the day asked for, to its
planned end (or its end day when set) but not past the agreement's current end, by the one
cost rule (calculations.forecast, every unit). Shown beside the spend so far, by the same
disclosure rule (finance/agreement_spend.py): the units behind a commitment are the running
placements of each municipality.
"""

from sqlalchemy import or_, select

from registry.agreements.status import effective_end, exercised_option_months
from registry.finance import calculations as calc
from registry.finance.queries import Part, plans
from registry.placements.models import Placement


def current_end(agreement):
    """Return the agreement's end with the extension options exercised."""
    return effective_end(agreement.end_date, exercised_option_months(agreement.options))


def committed_parts(agreements, as_of, municipality_id=None, as_planned=False):
    """Return {agreement id: {municipality id: Part(running placements, committed öre)}}.

    A placement runs on `as_of` when it has started and has not left by then. With
    `as_planned`, an end day set after `as_of` is ignored (the plan as known on `as_of`), so
    a later departure does not change a past day's commitment.
    """
    ends = {agreement.id: current_end(agreement) for agreement in agreements}
    parts = {agreement_id: {} for agreement_id in ends}
    if not ends:
        return parts
    query = select(Placement).where(
        Placement.agreement_id.in_(sorted(ends)), Placement.start_date <= as_of,
        or_(Placement.end_date.is_(None), Placement.end_date > as_of))
    if municipality_id is not None:
        query = query.where(Placement.municipality_id == municipality_id)
    for plan in plans(query).values():
        schedule = plan.schedule.ending(None) if as_planned else plan.schedule
        ahead = calc.forecast(schedule, plan.planned_end, as_of,
                              last=max(ends[plan.agreement_id], as_of)).cost_remaining_ore
        by_municipality = parts[plan.agreement_id]
        before = by_municipality.get(plan.municipality_id, Part(0, 0))
        by_municipality[plan.municipality_id] = Part(before.placements + 1, before.ore + ahead)
    return parts
