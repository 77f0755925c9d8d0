"""The add-on cost rule (pure): each add-on by its own unit, the base's numbers unchanged."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from registry.finance import addons
from registry.finance import calculations as calc

START = date(2026, 9, 1)


def _base(end=None, unit="day", rate=250_000):
    return calc.schedule(START, end, rate, unit=unit, planned_hours=20 if unit == "hour" else None)


@given(st.sampled_from(["day", "hour", "programme", "month"]),
       st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=200))
def test_without_add_ons_the_total_is_the_base_cost(unit, offset, length):
    base = _base(date(2027, 3, 1), unit)
    first = date.fromordinal(START.toordinal() + offset)
    last = date.fromordinal(first.toordinal() + length)
    assert addons.total_cost(base, (), first, last) == calc.cost(base, first, last)


def test_a_day_add_on_from_mid_month_to_an_inclusive_last_day():
    base = _base()
    addon = addons.addon_plan(base, 1, "Förstärkt bemanning", "day", 150_000,
                              date(2026, 9, 16), date(2026, 9, 20))
    assert addons.addons_cost((addon,), START, date(2026, 9, 30)) == 5 * 150_000
    assert addons.total_cost(base, (addon,), START, date(2026, 9, 30)) == (
        30 * 250_000 + 5 * 150_000)


def test_an_hour_add_on_costs_its_hours_per_month_prorated_by_its_days():
    base = _base()
    addon = addons.addon_plan(base, 1, "Tolk", "hour", 70_000, date(2026, 9, 16),
                              hours_per_month=10)
    assert addons.addons_cost((addon,), START, date(2026, 9, 30)) == 10 * 70_000 * 15 // 30
    assert addons.addons_cost((addon,), date(2026, 10, 1), date(2026, 10, 31)) == 700_000
    assert addon.label.replace("\u00a0", " ").replace("\u202f", " ") == "Tolk 700 kr/timme"


def test_an_add_on_outside_the_care_costs_nothing():
    base = _base(date(2026, 10, 1))
    assert addons.addon_plan(base, 1, "Tolk", "day", 70_000, date(2026, 11, 1)) is None
    later = addons.addon_plan(base, 1, "Tolk", "day", 70_000, date(2026, 9, 30))
    assert addons.addons_cost((later,), START, date(2026, 12, 31)) == 70_000  # 30 Sep only
