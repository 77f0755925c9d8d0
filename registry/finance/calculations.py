"""Placement cost accrual: day by day against the daily rate valid on each day, in integer öre.

Which days are care days (the rule every page, export, alert and claim uses):

* A placement is paid per dygn (24-hour day). The start day is a care day.
* The end day is the departure day (utskrivningsdag) and is NOT a care day. This holds for
  `Placement.end_date` and for the planned ends (`initial_period_end`, `planned_end`), so a
  placement starting 15 January with an initial period ending 15 July has exactly the six
  months 15 January–14 July as care days, and an extension from 15 July counts no day twice.
* A placement that starts and ends on the same day still costs one dygn (a begun dygn is paid).
* A running placement (no end date) has care days without end; to-date figures stop at `as_of`,
  which is itself a care day (today's dygn has begun).

Periods (a month, an invoice, a claim) are inclusive ranges of calendar days `first..last`.
Every amount is an int in öre; a float never enters (the constructors refuse one).

What the care days cost depends on the unit of the rate (DESIGN §2a), decided here only:

* day: each care day costs the rate valid that day.
* month: the monthly rate prorated by care days: a care day costs rate / days of its month.
* hour: the hours of a month (reported, else planned per month) × the rate; within the month
  the hours are spread over its care days (reported) or its calendar days (planned).
* programme: the price valid on the start day, once, on the start day; nothing after.

Within a month, the cost of the care days up to day k is floor(quantity × Σ rate / divisor),
so any split of a period (to date and ahead, months, invoices) adds up exactly to the whole.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from registry.core.dates import add_months, month_start
from registry.placements.rules import last_care_day

ONE_DAY = timedelta(days=1)
UNITS = ("day", "hour", "programme", "month")


def _require_ore(value, what):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int in öre, got {type(value).__name__}")
    if value <= 0:
        raise ValueError(f"{what} must be positive, got {value}")
    return value


@dataclass(frozen=True)
class RateSchedule:
    """A placement's care days and the daily rate that applies from each date."""

    start: date
    end: date | None  # the departure day, not a care day; None while the placement runs
    rates: tuple[tuple[date, int], ...]  # (valid_from, rate_ore), ascending, [0] = start
    unit: str = "day"  # day / hour / programme / month: what one rate buys
    hours: tuple[tuple[date, int], ...] = ()  # (month's first day, hours reported), hour unit
    planned_hours: int | None = None  # hours per month planned, for months without a report

    def __post_init__(self):
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}")
        for _, hours in self.hours:
            if isinstance(hours, bool) or not isinstance(hours, int) or hours < 0:
                raise TypeError("reported hours must be a non-negative int")
        if self.planned_hours is not None and (
                isinstance(self.planned_hours, bool) or not isinstance(self.planned_hours, int)):
            raise TypeError("planned hours must be an int")
        if not self.rates or self.rates[0][0] != self.start:
            raise ValueError("the first rate must be valid from the start day")
        days = [valid_from for valid_from, _ in self.rates]
        if days != sorted(set(days)):
            raise ValueError("rate changes must have distinct dates in ascending order")
        for _, rate in self.rates:
            _require_ore(rate, "daily rate")
        if self.end is not None and self.end < self.start:
            raise ValueError("the end day is before the start day")

    @property
    def last_care_day(self):
        """Return the last care day, or None while the placement runs."""
        return last_care_day(self.start, self.end)

    def ending(self, end):
        """Return the same schedule with another end (departure) day."""
        return RateSchedule(self.start, end, self.rates, self.unit, self.hours,
                            self.planned_hours)


def schedule(start, end, start_rate_ore, changes=(), unit="day", hours=None,
             planned_hours=None):
    """Build a RateSchedule from the start rate and (valid_from, rate_ore) changes.

    A change dated on or before the start replaces the start rate from the start day.
    `hours` maps a month (any day in it) to the hours reported for it (hour unit).
    """
    rates = {start: _require_ore(start_rate_ore, "start rate")}
    for valid_from, rate in sorted(changes):
        rates[max(valid_from, start)] = _require_ore(rate, "changed rate")
    reported = tuple(sorted((month_start(m), h) for m, h in (hours or {}).items()
                            if h is not None))
    return RateSchedule(start, end, tuple(sorted(rates.items())), unit or "day", reported,
                        planned_hours)


def schedule_of(placement, changes=None, hours=None):
    """Build the schedule of a Placement; `changes` defaults to its rate_changes."""
    if changes is None:
        changes = [(c.valid_from, c.daily_rate_ore) for c in placement.rate_changes]
    return schedule(placement.start_date, placement.end_date, placement.daily_rate_ore, changes,
                    placement.rate_unit, hours, placement.planned_hours_per_month)


@dataclass(frozen=True)
class Segment:
    """Consecutive care days at one daily rate."""

    first: date
    last: date
    rate_ore: int

    @property
    def days(self):
        return (self.last - self.first).days + 1

    @property
    def amount_ore(self):
        return self.days * self.rate_ore


def rate_on(plan, day):
    """Return the daily rate valid on `day` (the start rate before the start)."""
    current = plan.rates[0][1]
    for valid_from, rate in plan.rates:
        if valid_from > day:
            break
        current = rate
    return current


def care_range(plan, first, last):
    """Return the care days within first..last as (first, last), or None when there are none."""
    begin = max(first, plan.start)
    finish = last if plan.last_care_day is None else min(last, plan.last_care_day)
    return (begin, finish) if begin <= finish else None


def segments(plan, first, last):
    """Return the care days within first..last split wherever the rate changes."""
    span = care_range(plan, first, last)
    if span is None:
        return []
    begin, finish = span
    bounds = [valid_from for valid_from, _ in plan.rates[1:] if begin < valid_from <= finish]
    starts = [begin, *bounds]
    ends = [b - ONE_DAY for b in bounds] + [finish]
    return [Segment(s, e, rate_on(plan, s)) for s, e in zip(starts, ends, strict=True)]


def care_days(plan, first, last):
    """Return the number of care days within first..last."""
    span = care_range(plan, first, last)
    return 0 if span is None else (span[1] - span[0]).days + 1


def cost(plan, first, last):
    """Return the cost in öre of the care days within first..last, by the plan's unit."""
    span = care_range(plan, first, last)
    if span is None:
        return 0
    if plan.unit == "day":
        return sum(segment.amount_ore for segment in segments(plan, *span))
    if plan.unit == "programme":
        return rate_on(plan, plan.start) if span[0] == plan.start else 0
    total = 0
    for month in months_between(*span):
        month_last = add_months(month, 1) - ONE_DAY
        total += (_month_cumulative(plan, month, min(span[1], month_last))
                  - _month_cumulative(plan, month, max(span[0], month) - ONE_DAY))
    return total


def _month_cumulative(plan, month, day):
    """Return the cost of the month's care days up to `day` (hour and month units)."""
    if day < month:
        return 0
    quantity, divisor = month_factor(plan, month)
    if not quantity or not divisor:
        return 0
    weighted = sum(segment.amount_ore for segment in segments(plan, month, day))
    return quantity * weighted // divisor


def month_factor(plan, month):
    """Return (quantity, divisor) of a month: its cost is quantity × Σ rate ÷ divisor."""
    days_in_month = (add_months(month, 1) - month).days
    if plan.unit == "month":
        return 1, days_in_month
    reported = dict(plan.hours).get(month)
    if reported is None:
        return plan.planned_hours or 0, days_in_month
    return reported, care_days(plan, month, add_months(month, 1) - ONE_DAY)


def quantity(plan, first, last):
    """Return what is bought within first..last in the plan's unit.

    Care days (day and month units), hours (reported, else planned for a whole month), or
    programmes begun (1 when the start day lies in the period).
    """
    span = care_range(plan, first, last)
    if span is None:
        return 0
    if plan.unit == "programme":
        return 1 if span[0] == plan.start else 0
    if plan.unit != "hour":
        return care_days(plan, first, last)
    total = 0
    for month in months_between(*span):
        month_last = add_months(month, 1) - ONE_DAY
        total += hours_for(plan, month, care_days(plan, max(span[0], month),
                                                  min(span[1], month_last)))
    return total


def hours_for(plan, month, days):
    """Return the hours of `days` care days of a month (all its hours for all its days)."""
    hours, divisor = month_factor(plan, month)
    if not divisor:
        return 0
    return hours if days >= divisor else hours * days // divisor


def expected_amount(plan, first, last, invoiced_days=None):
    """Return what a provider invoicing `invoiced_days` for first..last bills, in öre.

    The cost of the period by the plan's unit; for a daily rate, invoiced days beyond (or
    short of) the care days are priced at the last rate. (What *should* be paid is the
    period's cost; reconciliation compares the invoice with that. The demo data uses this to
    make invoices that claim extra days.)
    """
    accrued = cost(plan, first, last)
    if plan.unit != "day" or invoiced_days is None:
        return accrued
    return max(accrued + (invoiced_days - care_days(plan, first, last))
               * rate_on(plan, last), 0)


def cost_to_date(plan, as_of):
    """Return the accrued cost in öre from the start up to and including `as_of`."""
    return cost(plan, plan.start, as_of)


@dataclass(frozen=True)
class MonthCost:
    """One calendar month's care days, quantity in the plan's unit, and cost."""

    month: date
    days: int
    cost_ore: int
    quantity: int = 0


def months_between(first, last):
    """Return the first day of every month that first..last touches."""
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def cost_by_month(plan, first, last):
    """Return a MonthCost for every month of first..last that has a care day in it."""
    span = care_range(plan, first, last)
    if span is None:
        return []
    rows = []
    for month in months_between(*span):
        month_first = max(month, span[0])
        month_last = min(add_months(month, 1) - ONE_DAY, span[1])
        rows.append(MonthCost(month, care_days(plan, month_first, month_last),
                              cost(plan, month_first, month_last),
                              quantity(plan, month_first, month_last)))
    return rows


@dataclass(frozen=True)
class Forecast:
    """The cost so far and the cost still to come up to the end (or the planned end)."""

    as_of: date
    horizon_end: date | None  # the departure day the forecast runs to
    days_to_date: int
    cost_to_date_ore: int
    days_remaining: int
    cost_remaining_ore: int

    @property
    def days_total(self):
        return self.days_to_date + self.days_remaining

    @property
    def cost_total_ore(self):
        return self.cost_to_date_ore + self.cost_remaining_ore


def forecast(plan, planned_end, as_of, first=None, last=None):
    """Forecast to the end day, or to `planned_end` while the placement has no end day.

    Limited to first..last when given (e.g. one budget year). Known future rate changes are
    applied; past the last one the last rate is assumed. A running placement past its
    planned end has nothing remaining.
    """
    first = first or plan.start
    horizon = horizon_of(plan, planned_end)
    done_last = as_of if last is None else min(as_of, last)
    ahead_first = max(first, as_of + ONE_DAY)
    ahead_last = horizon.last_care_day if last is None else min(horizon.last_care_day, last)
    return Forecast(
        as_of=as_of, horizon_end=horizon.end,
        days_to_date=care_days(plan, first, done_last),
        cost_to_date_ore=cost(plan, first, done_last),
        days_remaining=care_days(horizon, ahead_first, ahead_last),
        cost_remaining_ore=cost(horizon, ahead_first, ahead_last))


@dataclass(frozen=True)
class MonthAccrual:
    """One month: the care days and cost accrued up to as_of, and those forecast after it."""

    month: date
    days: int
    cost_ore: int
    forecast_days: int
    forecast_ore: int
    quantity: int = 0  # in the unit: days, hours or programmes (to date + ahead)

    @property
    def total_ore(self):
        return self.cost_ore + self.forecast_ore


def horizon_of(plan, planned_end):
    """Return the schedule ending on its end day, or on `planned_end` while it runs."""
    return plan if plan.end is not None else plan.ending(max(planned_end, plan.start))


def accrual_by_month(plan, planned_end, as_of, first=None, last=None):
    """Return a MonthAccrual per month with a care day, from first (the start) to last."""
    horizon = horizon_of(plan, planned_end)
    first = first or plan.start
    last = last or max(horizon.last_care_day, as_of)
    actual = {m.month: m for m in cost_by_month(plan, first, min(as_of, last))}
    ahead = {m.month: m for m in cost_by_month(horizon, max(first, as_of + ONE_DAY), last)}
    empty = MonthCost(None, 0, 0)
    rows = []
    for month in sorted(actual.keys() | ahead.keys()):
        done, coming = actual.get(month, empty), ahead.get(month, empty)
        quantity = done.quantity + coming.quantity
        if plan.unit == "hour":  # the month's hours once, not floored in two parts
            quantity = hours_for(horizon, month, done.days + coming.days)
        rows.append(MonthAccrual(month, done.days, done.cost_ore, coming.days,
                                 coming.cost_ore, quantity))
    return rows


# Police reimbursement -------------------------------------------------------------------------

def reimbursement_window(start, months):
    """Return (first, last): the care days of the first `months` months from the start."""
    return start, max(add_months(start, months) - ONE_DAY, start)


def eligible_amount(plan, first, last, share_percent=100, daily_cap_ore=0):
    """Return the reimbursable öre for first..last: share × each day's rate, capped per day.

    `daily_cap_ore` 0 means no cap. The share is applied to the period's sum and rounded
    down to whole öre, so a claim never asks for a fraction of an öre more than is due.
    A rate not per day reimburses the period's cost by its unit, capped at cap × care days.
    """
    if not 0 < share_percent <= 100:
        raise ValueError("share_percent must be between 1 and 100")
    if plan.unit != "day":
        base = cost(plan, first, last)
        if daily_cap_ore:
            base = min(base, daily_cap_ore * care_days(plan, first, last))
        return base * share_percent // 100
    base = 0
    for segment in segments(plan, first, last):
        rate = min(segment.rate_ore, daily_cap_ore) if daily_cap_ore else segment.rate_ore
        base += segment.days * rate
    return base * share_percent // 100


def overlap(first_a, last_a, first_b, last_b):
    """Return (first, last) of the days two inclusive periods share, or None."""
    begin, finish = max(first_a, first_b), min(last_a, last_b)
    return (begin, finish) if begin <= finish else None
