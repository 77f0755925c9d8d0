"""Small portable SQL helpers for the rules (SQLite and PostgreSQL); date arithmetic is in
`core/sql_dates.py`."""

import json

from sqlalchemy import Integer, cast, func, literal, literal_column, null, select, type_coerce
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import JSONB

from registry.extensions import db


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
