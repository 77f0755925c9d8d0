"""Date arithmetic in SQL that SQLite and PostgreSQL spell differently."""

from sqlalchemy import Date, Integer, type_coerce
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class _DateFunction(FunctionElement):
    type = Date()
    inherit_cache = True


class month_first(_DateFunction):  # noqa: N801 - reads as an SQL function
    """SQL: the first day of the month a date lies in."""

    name = "month_first"
    inherit_cache = True

    def __init__(self, day):
        super().__init__(type_coerce(day, Date))


class next_month_first(_DateFunction):  # noqa: N801 - reads as an SQL function
    """SQL: the first day of the month after the one a date lies in."""

    name = "next_month_first"
    inherit_cache = True

    def __init__(self, day):
        super().__init__(type_coerce(day, Date))


class days_between(FunctionElement):  # noqa: N801 - reads as an SQL function
    """SQL: whole days from `start` to `end` (end − start; 0 when they are the same day)."""

    type = Integer()
    name = "days_between"
    inherit_cache = True

    def __init__(self, start, end):
        super().__init__(type_coerce(start, Date), type_coerce(end, Date))


class month_number(FunctionElement):  # noqa: N801 - reads as an SQL function
    """SQL: year × 12 + month of a date, so two dates' difference counts calendar months."""

    type = Integer()
    name = "month_number"
    inherit_cache = True

    def __init__(self, day):
        super().__init__(type_coerce(day, Date))


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
