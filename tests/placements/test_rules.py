"""The one "in care" rule: the Python rule and its SQL twin agree on every edge case."""

from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import Date, literal, select

from registry.extensions import db
from registry.placements.rules import in_care, in_care_during, in_care_sql

D = date
MARCH = (D(2026, 3, 1), D(2026, 3, 31))

# (start, end, expected in care during March 2026)
CASES = [
    pytest.param(D(2026, 1, 10), D(2026, 3, 1), False, id="ends-on-the-first-day"),
    pytest.param(D(2026, 1, 10), D(2026, 3, 2), True, id="ends-on-the-second-day"),
    pytest.param(D(2026, 3, 31), None, True, id="starts-on-the-last-day"),
    pytest.param(D(2026, 3, 31), D(2026, 4, 10), True, id="starts-on-the-last-day-ended-later"),
    pytest.param(D(2026, 4, 1), None, False, id="starts-after-the-period"),
    pytest.param(D(2025, 6, 1), None, True, id="open-ended-from-before"),
    pytest.param(D(2026, 1, 10), D(2026, 2, 20), False, id="ends-before-the-period"),
    pytest.param(D(2026, 2, 28), D(2026, 2, 28), False, id="one-day-before-the-period"),
    pytest.param(D(2026, 3, 1), D(2026, 3, 1), True, id="one-day-on-the-first-day"),
    pytest.param(D(2026, 3, 31), D(2026, 3, 31), True, id="one-day-on-the-last-day"),
    pytest.param(D(2026, 3, 15), D(2026, 3, 16), True, id="two-days-inside"),
    pytest.param(D(2026, 4, 1), D(2026, 4, 1), False, id="one-day-after-the-period"),
    pytest.param(D(2026, 2, 28), D(2026, 4, 1), True, id="spans-the-period"),
]


def placement(start, end):
    return SimpleNamespace(start_date=start, end_date=end)


def in_sql(start, end, first, last):
    columns = placement(literal(start, Date), literal(end, Date))
    return bool(db.session.scalar(select(in_care_sql(columns, first, last))))


@pytest.mark.parametrize(("start", "end", "expected"), CASES)
def test_in_care_during_march_in_python_and_sql(start, end, expected):
    assert in_care_during(placement(start, end), *MARCH) is expected
    assert in_sql(start, end, *MARCH) is expected


@pytest.mark.parametrize(("start", "end", "expected"), CASES)
def test_in_care_on_each_day_in_python_and_sql(start, end, expected):
    days = [D(2026, 2, 27), D(2026, 2, 28), *(D(2026, 3, d) for d in (1, 2, 15, 30, 31)),
            D(2026, 4, 1), D(2026, 4, 2)]
    python = [in_care(placement(start, end), day) for day in days]
    assert python == [in_sql(start, end, day, day) for day in days]
    # In care during a period = in care on one of its days.
    assert any(in_care(placement(start, end), D(2026, 3, d)) for d in range(1, 32)) is expected


def test_the_departure_day_is_not_a_care_day_unless_it_is_the_start():
    assert in_care(placement(D(2026, 1, 10), D(2026, 3, 1)), D(2026, 2, 28))
    assert not in_care(placement(D(2026, 1, 10), D(2026, 3, 1)), D(2026, 3, 1))
    assert in_care(placement(D(2026, 3, 1), D(2026, 3, 1)), D(2026, 3, 1))
    assert not in_care(placement(D(2026, 3, 1), None), D(2026, 2, 28))
