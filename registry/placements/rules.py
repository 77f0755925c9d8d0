"""Pure rules of a placement's life: identifiers refused, days in care, follow-up cadence."""

from datetime import timedelta

from sqlalchemy import and_, or_

from registry.core.dates import add_months, month_start
from registry.core.forms import personnummer_message
from registry.core.identifiers import contains_personnummer
from registry.core.refusal import Refused

DEVIATION_DECISION_DAYS = 7  # a deviation should be decided within a week (DESIGN.md §3)
PLAN_DUE_DAYS = 30  # the provider's implementation plan is expected within 30 days


def refuse_personnummer(values):
    """Raise Refused for the first {field: (label, text)} holding a personnummer."""
    for field, (label, text) in values.items():
        if contains_personnummer(text):
            raise Refused(personnummer_message(label), field)


def last_day_of_month(month):
    """Return the last day of the month `month` lies in."""
    return add_months(month_start(month), 1) - timedelta(days=1)


def last_care_day(start, end):
    """Return the last care day: the end day is the departure day and not a care day.

    A placement that starts and ends on the same day still has one care day (a begun dygn
    is paid); a running placement (no end) has none yet. Finance accrues cost by this rule.
    """
    if end is None:
        return None
    return max(end - timedelta(days=1), start)


def in_care_during(placement, first, last):
    """Return True when the placement has a care day between `first` and `last` (inclusive).

    The one "in care" rule: care days run from the start day to last_care_day (the end day
    is the departure day, not a care day, unless the placement starts and ends on the same
    day). A placement ending on the first day of a period is not in care during it; one
    starting on the last day is. `placement` is anything with start_date and end_date.
    in_care_sql is the same rule in SQL (tests/placements/test_in_care.py keeps them equal).
    """
    last_care = last_care_day(placement.start_date, placement.end_date)
    return placement.start_date <= last and (last_care is None or last_care >= first)


def in_care(placement, day):
    """Return True when `day` is a care day of the placement (see in_care_during)."""
    return in_care_during(placement, day, day)


def in_care_sql(placement, first, last):
    """Return a WHERE clause: in_care_during in SQL, for the Placement entity (or an alias).

    `first` and `last` are dates or SQL expressions. last_care_day >= first is, with the end
    day not a care day unless it is the start day: end > first, or start >= first.
    """
    start, end = placement.start_date, placement.end_date
    return and_(start <= last, or_(end.is_(None), end > first, start >= first))


def days_in_care(start, end, month):
    """Return how many days of month `month` are care days of the placement."""
    first = max(month_start(month), start)
    last_care = last_care_day(start, end)
    last = last_day_of_month(month) if last_care is None else min(last_day_of_month(month),
                                                                  last_care)
    return max((last - first).days + 1, 0)


def first_follow_up_due(start, interval_months):
    """Return when the first follow-up is due: one interval after the start."""
    return add_months(start, interval_months)


def next_follow_up_due(held_on, interval_months):
    """Return the default next follow-up after one held on `held_on`."""
    return add_months(held_on, interval_months)


def current_end(initial_period_end, extension_ends):
    """Return the end the placement runs to now: the latest extension's, else the initial."""
    return max([initial_period_end, *extension_ends])
