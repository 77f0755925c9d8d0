"""Price units (DESIGN §2a): one cost rule per unit, in integer öre, properties by hypothesis.

On the old code every rate was a daily rate: a programme at 45 000 kr cost 45 000 kr a day.
"""

import ast
import inspect
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.core.dates import add_months
from registry.finance import calculations as calc

D = date
UNITS = ("day", "hour", "programme", "month")
days = st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 12, 31))
rates = st.integers(min_value=1, max_value=5_000_000)
hour_counts = st.integers(min_value=0, max_value=300)


@st.composite
def schedules(draw, unit=None):
    unit = unit or draw(st.sampled_from(UNITS))
    start = draw(days)
    end = draw(st.one_of(st.none(), st.integers(0, 500).map(lambda n: start + timedelta(n))))
    offsets = draw(st.lists(st.integers(1, 600), max_size=4, unique=True))
    changes = [(start + timedelta(n), draw(rates)) for n in offsets]
    reported = {}
    if unit == "hour":
        for month in calc.months_between(start, start + timedelta(700)):
            if draw(st.booleans()):
                reported[month] = draw(hour_counts)
    planned = draw(st.one_of(st.none(), hour_counts)) if unit == "hour" else None
    return calc.schedule(start, end, draw(rates), changes, unit, reported, planned)


@st.composite
def periods(draw):
    first = draw(days)
    return first, first + timedelta(draw(st.integers(0, 800)))


@given(schedules(), periods())
def test_the_months_add_up_to_the_total_in_every_unit(plan, period):
    months = calc.cost_by_month(plan, *period)
    assert sum(m.cost_ore for m in months) == calc.cost(plan, *period)
    assert all(type(m.cost_ore) is int and type(m.quantity) is int for m in months)


@given(schedules(), periods(), st.integers(0, 800))
def test_any_split_of_a_period_adds_up_exactly(plan, period, cut):
    first, last = period
    middle = min(first + timedelta(cut), last)
    assert (calc.cost(plan, first, middle) + calc.cost(plan, middle + timedelta(1), last)
            == calc.cost(plan, first, last))


@given(schedules(), days, days)
def test_to_date_and_ahead_add_up_to_the_forecast_total(plan, planned_end, as_of):
    result = calc.forecast(plan, planned_end, as_of)
    horizon = calc.horizon_of(plan, planned_end)
    assert type(result.cost_total_ore) is int
    if horizon.last_care_day is not None and as_of < horizon.last_care_day and plan.end:
        assert result.cost_total_ore == calc.cost(plan, plan.start, plan.last_care_day)


@given(schedules(unit="programme"), periods())
def test_a_programme_costs_its_price_once_on_the_start_day(plan, period):
    price = plan.rates[0][1]
    first, last = period
    expected = price if first <= plan.start <= last else 0
    assert calc.cost(plan, first, last) == expected
    whole = calc.cost(plan, plan.start, plan.start + timedelta(2000))
    assert whole == price  # however long the programme runs, and whatever later changes
    assert calc.forecast(plan, plan.start + timedelta(400), plan.start).cost_remaining_ore == 0


@given(st.integers(2024, 2028), st.integers(1, 12), rates, hour_counts, st.integers(1, 6))
def test_an_hourly_service_costs_reported_hours_times_the_rate(year, month, rate, hours, span):
    start = D(year, month, 1)
    months = [add_months(start, n) for n in range(span)]
    reported = {m: hours + n for n, m in enumerate(months)}
    plan = calc.schedule(start, None, rate, (), "hour", reported, planned_hours=7)
    last = add_months(start, span) - timedelta(1)
    assert calc.cost(plan, start, last) == sum(reported.values()) * rate
    for row in calc.cost_by_month(plan, start, last):
        assert row.cost_ore == reported[row.month] * rate
        assert row.quantity == reported[row.month]
    # The month after the last report is forecast from the planned hours.
    after = add_months(start, span)
    assert calc.cost(plan, after, add_months(after, 1) - timedelta(1)) == 7 * rate


@given(st.integers(2024, 2028), st.integers(1, 12), rates, rates, st.integers(1, 27),
       hour_counts)
def test_a_mid_month_rate_change_splits_the_month_exactly(year, month, before, after, cut,
                                                        hours):
    first = D(year, month, 1)
    last = add_months(first, 1) - timedelta(1)
    change = first + timedelta(cut)
    days_before, days_after = cut, (last - change).days + 1
    weighted = days_before * before + days_after * after
    length = days_before + days_after

    def plan(unit, reported=None):
        return calc.schedule(first - timedelta(40), None, before, [(change, after)], unit,
                             reported)

    assert calc.cost(plan("day"), first, last) == weighted
    assert calc.cost(plan("month"), first, last) == weighted // length
    assert calc.cost(plan("hour", {first: hours}), first, last) == hours * weighted // length
    # Before and after the change add up to the month, in every unit.
    for unit in ("day", "month", "hour"):
        schedule = plan(unit, {first: hours})
        assert (calc.cost(schedule, first, change - timedelta(1))
                + calc.cost(schedule, change, last)) == calc.cost(schedule, first, last)


@given(st.integers(2024, 2028), st.integers(1, 12), rates, st.integers(0, 27))
def test_a_monthly_rate_is_prorated_by_care_days(year, month, rate, late):
    first = D(year, month, 1)
    last = add_months(first, 1) - timedelta(1)
    length = (last - first).days + 1
    plan = calc.schedule(first + timedelta(late), None, rate, unit="month")
    assert calc.cost(plan, first, last) == rate * (length - late) // length
    assert calc.cost(calc.schedule(first, None, rate, unit="month"), first, last) == rate


def test_the_ksl_example_costs_its_price_once():
    """The report's case: a KSL programme at 45 000 kr, 24 days in (old code: 1 080 000 kr)."""
    start = D(2026, 10, 1)
    plan = calc.schedule(start, None, 4_500_000, unit="programme")
    as_of = start + timedelta(23)
    result = calc.forecast(plan, add_months(start, 6), as_of)
    assert result.days_to_date == 24
    assert result.cost_to_date_ore == 4_500_000
    assert result.cost_remaining_ore == 0
    assert calc.expected_amount(plan, start, as_of, 24) == 4_500_000
    assert calc.eligible_amount(plan, start, as_of) == 4_500_000


@pytest.mark.parametrize("bad", [450_000.0, True])
def test_floats_are_refused_in_every_unit(bad):
    for unit in UNITS:
        with pytest.raises(TypeError):
            calc.schedule(D(2026, 1, 1), None, bad, unit=unit)
    with pytest.raises(TypeError):
        calc.schedule(D(2026, 1, 1), None, 85_000, unit="hour", hours={D(2026, 1, 1): 7.5})
    with pytest.raises(TypeError):
        calc.schedule(D(2026, 1, 1), None, 85_000, unit="hour", planned_hours=7.5)


def test_an_unknown_unit_is_refused():
    with pytest.raises(ValueError):
        calc.schedule(D(2026, 1, 1), None, 85_000, unit="week")


def test_the_unit_rule_divides_only_with_integer_floor_division():
    tree = ast.parse(inspect.getsource(calc))
    for node in ast.walk(tree):
        assert not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div))
        assert not (isinstance(node, ast.Name) and node.id in {"float", "Decimal", "round"})
