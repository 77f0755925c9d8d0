"""The pure rules of a placement's life (placements/rules.py): care days, "in care" (the Python
rule and its SQL twin agree on every edge case), follow-ups, ends."""

from datetime import date
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Date, literal, select

from registry.core.refusal import Refused
from registry.extensions import db
from registry.placements.rules import (
    current_end,
    days_in_care,
    first_follow_up_due,
    in_care,
    in_care_during,
    in_care_sql,
    last_care_day,
    last_day_of_month,
    next_follow_up_due,
    refuse_personnummer,
)

D = date
TEST_PERSONNUMMER = "19850709-9805"  # a published test number, never a real person


def test_last_day_of_month_from_any_day_in_it():
    assert last_day_of_month(D(2026, 1, 15)) == D(2026, 1, 31)
    assert last_day_of_month(D(2028, 2, 1)) == D(2028, 2, 29)
    assert last_day_of_month(D(2026, 2, 28)) == D(2026, 2, 28)
    assert last_day_of_month(D(2026, 12, 31)) == D(2026, 12, 31)


def test_the_end_day_is_the_departure_day_and_no_care_day():
    assert last_care_day(D(2026, 1, 15), D(2026, 2, 1)) == D(2026, 1, 31)
    assert last_care_day(D(2026, 1, 15), D(2026, 1, 15)) == D(2026, 1, 15)  # a begun dygn
    assert last_care_day(D(2026, 1, 15), None) is None


def test_days_in_care_per_month():
    start = D(2026, 1, 15)
    assert days_in_care(start, None, D(2026, 1, 1)) == 17
    assert days_in_care(start, None, D(2026, 2, 1)) == 28
    assert days_in_care(start, D(2026, 3, 11), D(2026, 3, 1)) == 10
    assert days_in_care(start, D(2026, 3, 1), D(2026, 3, 1)) == 0
    assert days_in_care(start, None, D(2025, 12, 1)) == 0
    assert days_in_care(start, start, D(2026, 1, 1)) == 1


@given(st.dates(D(2024, 1, 1), D(2027, 12, 31)), st.integers(0, 400))
def test_the_months_add_up_to_the_care_days(start, length):
    end = date.fromordinal(start.toordinal() + length)
    month, total = start.replace(day=1), 0
    while month <= end:
        total += days_in_care(start, end, month)
        month = date.fromordinal(last_day_of_month(month).toordinal() + 1)
    assert total == (last_care_day(start, end) - start).days + 1


def test_follow_ups_are_due_one_interval_on_clamped_to_the_month():
    assert first_follow_up_due(D(2026, 1, 15), 3) == D(2026, 4, 15)
    assert first_follow_up_due(D(2025, 11, 30), 3) == D(2026, 2, 28)
    assert next_follow_up_due(D(2027, 11, 30), 3) == D(2028, 2, 29)


def test_the_current_end_is_the_latest_extension_else_the_initial_period():
    assert current_end(D(2026, 7, 15), []) == D(2026, 7, 15)
    assert current_end(D(2026, 7, 15), [D(2026, 10, 15), D(2026, 9, 1)]) == D(2026, 10, 15)


def test_a_personnummer_in_any_text_is_refused_at_its_field():
    refuse_personnummer({"report_text": ("Rapport", "Går enligt plan.")})
    with pytest.raises(Refused) as refused:
        refuse_personnummer({"report_text": ("Rapport", "Inget här"),
                             "outcome": ("Utfall", f"Klienten {TEST_PERSONNUMMER} kom")})
    assert refused.value.field == "outcome"
    assert "Utfall" in refused.value.message and "personnummer" in refused.value.message


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
