"""Date helpers: month arithmetic, month starts and Swedish date parsing."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.core.dates import add_months, month_start, parse_iso_date, today, utcnow


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 1, 15), 6, date(2026, 7, 15)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 1), 1, date(2027, 1, 1)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 10), -1, date(2025, 12, 10)),
        (date(2026, 5, 5), 0, date(2026, 5, 5)),
        (date(2026, 5, 5), 24, date(2028, 5, 5)),
    ],
)
def test_add_months_clamps_to_the_last_day_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31)),
       st.integers(min_value=-600, max_value=600))
def test_add_months_lands_in_the_right_month_never_later_in_it(day, months):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day <= day.day


def test_month_start():
    assert month_start(date(2026, 11, 22)) == date(2026, 11, 1)


def test_parse_iso_date():
    assert parse_iso_date(" 2026-11-22 ") == date(2026, 11, 22)


@pytest.mark.parametrize("text", ["22/11/2026", "2026-02-30", "", "igår"])
def test_parse_iso_date_refuses_other_forms_in_swedish(text):
    with pytest.raises(ValueError, match="ÅÅÅÅ-MM-DD"):
        parse_iso_date(text)


def test_utcnow_is_naive_and_today_is_a_date():
    assert utcnow().tzinfo is None
    assert isinstance(today(), date)
