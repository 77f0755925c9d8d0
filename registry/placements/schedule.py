"""The one rule for monthly report due dates, as pure functions and as SQL expressions.

Month M's report (from the provider, and from the police when the police definition is
met) is due on day N of month M+1, N being the municipality's `report_due_day` (default
10). Received on or before that day it is on time, after it late; not received it is
missing once the due day has passed and not yet due until then. `MonthlyReport.month`
holds the first day of the month the report covers.

Everything that asks "was this report on time?" or "is this report missing?" (the month
grid, the due list, the quality team's share of reports on time, the report_missing
alert) uses this module, so the rule cannot drift between pages.
"""

from datetime import date
from functools import lru_cache

from sqlalchemy import and_, case, literal

from registry.core.dates import add_months, month_start
from registry.core.enums import LabelledEnum
from registry.core.sql_dates import days_after, next_month_first
from registry.placements.rules import last_care_day

DEFAULT_DUE_DAY = 10


class ReportState(LabelledEnum):
    RECEIVED = "received", "Inkom i tid"
    LATE = "late", "Inkom sent"
    MISSING = "missing", "Saknas"
    PENDING = "pending", "Ej förfallen"
    NOT_EXPECTED = "not_expected", "Krävs inte"


REPORT_STATE_KINDS = {ReportState.RECEIVED: "ok", ReportState.LATE: "warn",
                      ReportState.MISSING: "bad", ReportState.PENDING: "neutral",
                      ReportState.NOT_EXPECTED: "neutral"}


@lru_cache(maxsize=4096)
def due_date(month, due_day=DEFAULT_DUE_DAY):
    """Return the day month `month`'s report is due: day `due_day` of the following month."""
    return add_months(month_start(month), 1).replace(day=due_day)


def is_on_time(received_on, month, due_day=DEFAULT_DUE_DAY):
    """Return True when a report received on `received_on` came in by its due day."""
    return received_on is not None and received_on <= due_date(month, due_day)


def report_state(received_on, due, on, expected=True):
    """Return the state on day `on` of a report due on `due` (received_on None: not in)."""
    if received_on is not None:
        return ReportState.RECEIVED if received_on <= due else ReportState.LATE
    if not expected:
        return ReportState.NOT_EXPECTED
    return ReportState.MISSING if on > due else ReportState.PENDING


def months_in_care(start, end, on):
    """Return the first days of the months with a care day up to `on`, oldest first.

    The in-care rule (rules.in_care_during): the end day is the departure day, so a
    placement that ends on the 1st has no care day, and no report, in that month.
    """
    last = min(last_care_day(start, end) or on, on)
    months, month = [], month_start(start)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def months_overdue_by(start, end, on, due_day=DEFAULT_DUE_DAY):
    """Return the months in care whose report was due before day `on` (could be missing)."""
    return [m for m in months_in_care(start, end, on) if due_date(m, due_day) < on]


def police_report_expected(police_definition_on, month):
    """Return True when the police report month `month`: the definition is met by its end."""
    return police_definition_on is not None and month_start(police_definition_on) <= month


# SQL, for set-based queries (SQLite and PostgreSQL) ----------------------------------------

def report_due_on(month, due_day):
    """SQL: the due date of a month's report, e.g. report_due_on(MonthlyReport.month,
    Municipality.report_due_day). Both arguments may be columns or Python values."""
    return days_after(next_month_first(month), due_day - 1)


def received_on_time_sql(received_on, month, due_day):
    """SQL: true when the report was received by its due day (false when not received)."""
    return and_(received_on.is_not(None), received_on <= report_due_on(month, due_day))


def overdue_sql(month, due_day, on: date):
    """SQL: true when a month's report was due before day `on` (so not in means missing)."""
    return report_due_on(month, due_day) < on


def last_overdue_month_sql(due_day, on: date):
    """SQL: the last month whose report was due before day `on`, for a column `due_day`.

    The same rule as `due_date`: last month's report is due on day `due_day` of this month,
    so it is overdue once that day has passed; otherwise the month before it is the last.
    """
    previous = add_months(month_start(on), -1)
    return case((due_day < on.day, literal(previous)), else_=literal(add_months(previous, -1)))
