"""Whole calendar periods (core/periods.py): keys, Swedish names, nesting, choices."""

from datetime import date

import pytest

from registry.core.periods import Period, choices, nested_periods, periods_of_year


@pytest.mark.parametrize(("key", "label", "first", "last"), [
    ("2026-11", "november 2026", date(2026, 11, 1), date(2026, 11, 30)),
    ("2026-K4", "kvartal 4 2026", date(2026, 10, 1), date(2026, 12, 31)),
    ("2026-H1", "första halvåret 2026", date(2026, 1, 1), date(2026, 6, 30)),
    ("2026-H2", "andra halvåret 2026", date(2026, 7, 1), date(2026, 12, 31)),
    ("2026", "2026", date(2026, 1, 1), date(2026, 12, 31)),
    ("2028-02", "februari 2028", date(2028, 2, 1), date(2028, 2, 29)),
])
def test_a_period_reads_and_writes_its_key_and_swedish_name(key, label, first, last):
    period = Period.parse(key)
    assert (period.key, period.label, period.first, period.last) == (key, label, first, last)


@pytest.mark.parametrize("key", ["2026-13", "2026-K5", "2026-H3", "26", "2026-01-01", "", None])
def test_anything_else_is_not_a_period(key):
    with pytest.raises(ValueError):
        Period.parse(key)


def test_nesting_within_one_year():
    assert len(periods_of_year(2026)) == 19
    nested = {p.key for p in nested_periods(Period.parse("2026-K4"))}
    assert nested == {"2026", "2026-H2", "2026-10", "2026-11", "2026-12"}


def test_the_choices_are_begun_periods_of_five_years_newest_first():
    keys = [key for key, _ in choices(date(2026, 12, 7))]
    assert keys[0] == "2026" and "2026-12" in keys and "2022-01" in keys
    assert "2021" not in keys
    assert "2027-01" not in [key for key, _ in choices(date(2026, 12, 31))]
    assert "2026-K2" not in [key for key, _ in choices(date(2026, 3, 31))]
