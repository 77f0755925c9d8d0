"""Date arithmetic in SQL, spelled once for SQLite and once for PostgreSQL.

SQLite keeps dates as ISO text and computes with date()/julianday(); PostgreSQL has a
DATE type. Each helper here is an SQL function element whose two spellings sit side by
side; the Python rules they mirror live in `core/dates.py`, and
`tests/core/test_sql_dates.py` checks that both give the same days. Callers: the alert
rules (`alerts/rules`), the report schedule (`placements/schedule.py`) and the quality
outcome counts.
"""

from sqlalchemy import Date, Integer, func, type_coerce
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class _SqlDateFunction(FunctionElement):
    inherit_cache = True

    def __init__(self, *days):
        super().__init__(*(type_coerce(day, Date) for day in days))


class month_first(_SqlDateFunction):  # noqa: N801 - reads as an SQL function
    """SQL: the first day of the month a date lies in."""

    type = Date()
    name = "month_first"
    inherit_cache = True


class next_month_first(_SqlDateFunction):  # noqa: N801 - reads as an SQL function
    """SQL: the first day of the month after the one a date lies in."""

    type = Date()
    name = "next_month_first"
    inherit_cache = True


class days_between(_SqlDateFunction):  # noqa: N801 - reads as an SQL function
    """SQL: whole days from `start` to `end` (end − start; 0 when they are the same day)."""

    type = Integer()
    name = "days_between"
    inherit_cache = True


class month_number(_SqlDateFunction):  # noqa: N801 - reads as an SQL function
    """SQL: year × 12 + month of a date, so two dates' difference counts calendar months."""

    type = Integer()
    name = "month_number"
    inherit_cache = True


class days_after(FunctionElement):  # noqa: N801 - reads as an SQL function
    """SQL: the date `days` days after the date `day` (each a column or a value)."""

    type = Date()
    name = "days_after"
    inherit_cache = True

    def __init__(self, day, days):
        super().__init__(type_coerce(day, Date), type_coerce(days, Integer))


def date_of(timestamp):
    """SQL: the calendar date of a stored (naive UTC) timestamp."""
    return func.date(timestamp, type_=Date)


def _args(element, compiler, **kw):
    return [compiler.process(clause, **kw) for clause in element.clauses]


@compiles(month_first)
def _month_first_sqlite(element, compiler, **kw):
    return "date({}, 'start of month')".format(*_args(element, compiler, **kw))


@compiles(month_first, "postgresql")
def _month_first_postgresql(element, compiler, **kw):
    return "CAST(date_trunc('month', CAST({} AS timestamp)) AS DATE)".format(
        *_args(element, compiler, **kw))


@compiles(next_month_first)
def _next_month_sqlite(element, compiler, **kw):
    return "date({}, 'start of month', '+1 month')".format(*_args(element, compiler, **kw))


@compiles(next_month_first, "postgresql")
def _next_month_postgresql(element, compiler, **kw):
    return ("CAST(date_trunc('month', CAST({} AS timestamp)) + interval '1 month' AS DATE)"
            .format(*_args(element, compiler, **kw)))


@compiles(days_between)
def _days_between_sqlite(element, compiler, **kw):
    return "CAST(julianday({1}) - julianday({0}) AS INTEGER)".format(
        *_args(element, compiler, **kw))


@compiles(days_between, "postgresql")
def _days_between_postgresql(element, compiler, **kw):
    return "(CAST({1} AS DATE) - CAST({0} AS DATE))".format(*_args(element, compiler, **kw))


@compiles(month_number)
def _month_number_sqlite(element, compiler, **kw):
    return ("(CAST(strftime('%Y', {0}) AS INTEGER) * 12 + CAST(strftime('%m', {0}) AS INTEGER))"
            .format(*_args(element, compiler, **kw)))


@compiles(month_number, "postgresql")
def _month_number_postgresql(element, compiler, **kw):
    return ("(CAST(EXTRACT(YEAR FROM CAST({0} AS DATE)) AS INTEGER) * 12 "
            "+ CAST(EXTRACT(MONTH FROM CAST({0} AS DATE)) AS INTEGER))"
            .format(*_args(element, compiler, **kw)))


@compiles(days_after)
def _days_after_sqlite(element, compiler, **kw):
    return "date({}, printf('%+d days', {}))".format(*_args(element, compiler, **kw))


@compiles(days_after, "postgresql")
def _days_after_postgresql(element, compiler, **kw):
    return "CAST(CAST({} AS DATE) + CAST({} AS INTEGER) AS DATE)".format(
        *_args(element, compiler, **kw))
