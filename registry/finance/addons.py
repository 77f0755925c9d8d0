"""Add-ons in money (pure): each add-on accrues by its own unit for its period (DESIGN §2a).

An add-on is costed by the one unit rule of calculations.py: it gets a RateSchedule of its
own (its price and unit, from its first day to its last day inside the placement's care),
and `calc.cost` prices it. The placement's cost is its base schedule plus its add-ons; every
consumer (finance page, forecast, budget, reconciliation, the API) asks the functions here.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from registry.core.money import format_rate
from registry.finance import calculations as calc

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class AddonPlan:
    """One add-on attached to a placement, with the schedule it is costed by."""

    id: int | None
    name: str
    unit: str
    price_ore: int
    valid_from: date
    valid_to: date | None  # the last day it applies (inclusive); None: as long as the care
    schedule: calc.RateSchedule

    @property
    def label(self):
        """Return e.g. 'Tolk 700 kr/timme'."""
        return f"{self.name} {format_rate(self.price_ore, self.unit)}"


def addon_plan(base, id, name, unit, price_ore, valid_from, valid_to=None,
               hours_per_month=None):
    """Return the AddonPlan of an add-on on the placement whose schedule is `base`, or None.

    None when the add-on's period has no care day of the placement.
    """
    start = max(valid_from, base.start)
    end = base.end
    if valid_to is not None:
        end = valid_to + ONE_DAY if end is None else min(end, valid_to + ONE_DAY)
    if end is not None and (end < start or (end == start and start != base.start)):
        return None
    schedule = calc.RateSchedule(start, end, ((start, price_ore),), unit or "day",
                                 planned_hours=hours_per_month if unit == "hour" else None)
    return AddonPlan(id, name, unit, price_ore, valid_from, valid_to, schedule)


def addons_cost(addons, first, last):
    """Return the add-ons' cost in öre within first..last."""
    return sum(calc.cost(addon.schedule, first, last) for addon in addons)


def total_cost(schedule, addons, first, last):
    """Return the placement's cost within first..last: the base by its unit plus add-ons."""
    return calc.cost(schedule, first, last) + addons_cost(addons, first, last)


def plan_cost(plan, first, last):
    """Return total_cost of a PlacementPlan (its schedule and add-ons) within first..last."""
    return total_cost(plan.schedule, plan.addons, first, last)


def _horizon(addon, base_horizon):
    """Return the add-on's schedule to its own end or the placement's horizon, or None."""
    end = addon.schedule.end if addon.schedule.end is not None else base_horizon.end
    if end is not None and end < addon.schedule.start:
        return None
    return addon.schedule.ending(end)


def forecast(schedule, addons, planned_end, as_of, first=None, last=None):
    """Return calc.forecast of the base with the add-ons' cost to date and ahead added."""
    base = calc.forecast(schedule, planned_end, as_of, first, last)
    horizon = calc.horizon_of(schedule, planned_end)
    done = ahead = 0
    for addon in addons:
        own = _horizon(addon, horizon)
        if own is None:
            continue
        part = calc.forecast(own, planned_end, as_of, first or schedule.start, last)
        done += part.cost_to_date_ore
        ahead += part.cost_remaining_ore
    return calc.Forecast(base.as_of, base.horizon_end, base.days_to_date,
                         base.cost_to_date_ore + done, base.days_remaining,
                         base.cost_remaining_ore + ahead)


def addon_months(addon, schedule, planned_end, as_of, first=None, last=None):
    """Return the add-on's MonthAccruals (care days of the add-on, cost to date and ahead)."""
    horizon = calc.horizon_of(schedule, planned_end)
    own = _horizon(addon, horizon)
    if own is None:
        return []
    last = last or max(horizon.last_care_day, as_of)
    return calc.accrual_by_month(own, planned_end, as_of, first or schedule.start, last)


def accrual_by_month(schedule, addons, planned_end, as_of, first=None, last=None):
    """Return calc.accrual_by_month of the base with each month's add-on cost added.

    Days and quantity stay the base's (the placement's care days in its unit); the cost
    and forecast of a month are base + add-ons.
    """
    rows = calc.accrual_by_month(schedule, planned_end, as_of, first, last)
    extra = {}
    for addon in addons:
        for month in addon_months(addon, schedule, planned_end, as_of, first, last):
            done, ahead = extra.get(month.month, (0, 0))
            extra[month.month] = (done + month.cost_ore, ahead + month.forecast_ore)
    if not extra:
        return rows
    return [calc.MonthAccrual(row.month, row.days, row.cost_ore + extra.get(row.month, (0, 0))[0],
                              row.forecast_days,
                              row.forecast_ore + extra.get(row.month, (0, 0))[1], row.quantity)
            for row in rows]


@dataclass(frozen=True)
class AddonFigures:
    """One add-on's cost to date and ahead, by month: a line of its own on the pages."""

    addon: AddonPlan
    months: list  # calc.MonthAccrual

    @property
    def to_date_ore(self):
        return sum(month.cost_ore for month in self.months)

    @property
    def forecast_ore(self):
        return sum(month.forecast_ore for month in self.months)


def addon_figures(schedule, addons, planned_end, as_of):
    """Return the AddonFigures of each add-on of the placement, in their order."""
    return [AddonFigures(addon, addon_months(addon, schedule, planned_end, as_of))
            for addon in addons]
