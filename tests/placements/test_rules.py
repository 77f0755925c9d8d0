"""The pure rules of a placement's life (placements/rules.py): care days, follow-ups, ends."""

from datetime import date
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.placements.rules import (
    current_end,
    days_in_care,
    first_follow_up_due,
    is_ended,
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


def test_a_placement_is_ended_from_its_end_day():
    running = SimpleNamespace(end_date=None)
    ended = SimpleNamespace(end_date=D(2026, 3, 11))
    assert not is_ended(running, D(2030, 1, 1))
    assert not is_ended(ended, D(2026, 3, 10))
    assert is_ended(ended, D(2026, 3, 11)) and is_ended(ended, D(2026, 3, 12))


def test_a_personnummer_in_any_text_is_refused_at_its_field():
    refuse_personnummer({"report_text": ("Rapport", "Går enligt plan.")})
    with pytest.raises(Exception) as refused:  # noqa: B017, PT011 - the refusal class is core's
        refuse_personnummer({"report_text": ("Rapport", "Inget här"),
                             "outcome": ("Utfall", f"Klienten {TEST_PERSONNUMMER} kom")})
    assert refused.value.field == "outcome"
    assert "Utfall" in refused.value.message and "personnummer" in refused.value.message
