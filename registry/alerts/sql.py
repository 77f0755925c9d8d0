"""Small portable SQL date helpers for the rules (SQLite and PostgreSQL)."""

import json

from sqlalchemy import Date, Integer, cast, func, literal, literal_column, null, select, type_coerce
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from registry.extensions import db


class days_after(FunctionElement):  # noqa: N801 - reads as an SQL function
    """SQL: the date `days` days after the date `day` (a column or a value)."""

    type = Date()
    name = "days_after"
    inherit_cache = True

    def __init__(self, day, days):
        super().__init__(type_coerce(day, Date), type_coerce(days, Integer))


@compiles(days_after)
def _days_after_sqlite(element, compiler, **kw):
    day, days = (compiler.process(c, **kw) for c in element.clauses)
    return f"date({day}, printf('%+d days', {days}))"


@compiles(days_after, "postgresql")
def _days_after_postgresql(element, compiler, **kw):
    day, days = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(CAST({day} AS DATE) + CAST({days} AS INTEGER) AS DATE)"


def date_of(timestamp):
    """SQL: the calendar date of a stored (naive UTC) timestamp."""
    return func.date(timestamp, type_=Date)


def no_municipality():
    """SQL: a typed NULL for alerts about shared records (providers, agreements)."""
    return cast(null(), Integer)


def json_table(name, columns, rows):
    """SQL: a subquery with `columns` ((name, type) pairs) over `rows` computed in Python.

    The rows travel as one JSON parameter (json_each on SQLite, jsonb_array_elements on
    PostgreSQL), so the statement is the same whatever the number of rows: it compiles once
    and has no limit on the number of rows.
    """
    payload = literal(json.dumps([[_plain(v) for v in row] for row in rows]))
    if db.session.get_bind().dialect.name == "postgresql":
        source = func.jsonb_array_elements(cast(payload, JSONB)).table_valued("value")
        fields = [cast(source.c.value.op("->>")(literal_column(str(i))), kind)
                  for i, (_, kind) in enumerate(columns)]
    else:  # SQLite keeps dates as ISO text; a CAST to DATE would turn them into numbers
        source = func.json_each(payload).table_valued("value")
        fields = [type_coerce(func.json_extract(source.c.value, f"$[{i}]"), kind)
                  for i, (_, kind) in enumerate(columns)]
    return select(*(field.label(column) for field, (column, _) in zip(fields, columns,
                                                                      strict=True))
                  ).select_from(source).subquery(name)


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def dialect_insert(model):
    """Return the dialect's insert(model), which has on_conflict_do_nothing on both PostgreSQL
    and SQLite (so a row a concurrent writer added first is skipped, not an error)."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(model)
