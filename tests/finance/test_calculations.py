"""The one cost-accrual function: table-driven cases and properties (hypothesis)."""

import ast
import inspect
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.finance import calculations as calc

D = date
JAN15 = D(2026, 1, 15)


def plan(start=JAN15, end=None, rate=450_000, changes=()):
    return calc.schedule(start, end, rate, changes)


def naive_cost(schedule, first, last):
    """Day by day, the slow and obvious way."""
    total, day = 0, first
    while day <= last:
        in_care = day >= schedule.start and (
            schedule.last_care_day is None or day <= schedule.last_care_day)
        if in_care:
            total += calc.rate_on(schedule, day)
        day += timedelta(days=1)
    return total


# Care days -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "end", "first", "last", "days"), [
    (JAN15, None, D(2026, 1, 1), D(2026, 1, 31), 17),             # running: from the start day
    (JAN15, D(2026, 1, 20), D(2026, 1, 1), D(2026, 1, 31), 5),    # the end day is not a care day
    (JAN15, JAN15, D(2026, 1, 1), D(2026, 1, 31), 1),             # same day: one begun dygn
    (JAN15, D(2026, 1, 16), JAN15, JAN15, 1),
    (JAN15, D(2026, 7, 15), JAN15, D(2026, 12, 31), 181),         # six months exactly
    (JAN15, None, D(2025, 12, 1), D(2026, 1, 14), 0),             # before the start
    (JAN15, D(2026, 2, 1), D(2026, 2, 1), D(2026, 2, 28), 0),     # after the departure day
    (D(2028, 2, 1), D(2028, 3, 1), D(2028, 2, 1), D(2028, 3, 31), 29),  # leap February
])
def test_care_days(start, end, first, last, days):
    assert calc.care_days(plan(start, end), first, last) == days


def test_last_care_day():
    assert plan(end=D(2026, 2, 1)).last_care_day == D(2026, 1, 31)
    assert plan(end=JAN15).last_care_day == JAN15
    assert plan().last_care_day is None


# Costs ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "first", "last", "expected"), [
    ((), D(2026, 1, 1), D(2026, 1, 31), 17 * 450_000),
    # a rate change on 10 March splits March exactly: 9 days old, 22 days new
    (((D(2026, 3, 10), 500_000),), D(2026, 3, 1), D(2026, 3, 31), 9 * 450_000 + 22 * 500_000),
    # two changes in one month
    (((D(2026, 3, 10), 500_000), (D(2026, 3, 20), 520_000)), D(2026, 3, 1), D(2026, 3, 31),
     9 * 450_000 + 10 * 500_000 + 12 * 520_000),
    # a change on the first of the month applies to the whole month
    (((D(2026, 3, 1), 500_000),), D(2026, 3, 1), D(2026, 3, 31), 31 * 500_000),
    # a change after the period is not used
    (((D(2026, 5, 1), 500_000),), D(2026, 3, 1), D(2026, 3, 31), 31 * 450_000),
    # a change dated before the start replaces the start rate
    (((D(2025, 12, 1), 400_000),), D(2026, 1, 1), D(2026, 1, 31), 17 * 400_000),
    # öre precision is kept
    (((D(2026, 3, 10), 450_050),), D(2026, 3, 10), D(2026, 3, 11), 900_100),
])
def test_cost_against_the_rate_valid_on_each_day(changes, first, last, expected):
    assert calc.cost(plan(changes=changes), first, last) == expected


def test_rate_change_splits_the_month_into_segments():
    schedule = plan(changes=[(D(2026, 3, 10), 500_000)])
    segments = calc.segments(schedule, D(2026, 3, 1), D(2026, 3, 31))
    assert [(s.first, s.last, s.days, s.rate_ore) for s in segments] == [
        (D(2026, 3, 1), D(2026, 3, 9), 9, 450_000),
        (D(2026, 3, 10), D(2026, 3, 31), 22, 500_000)]


def test_cost_by_month_from_start_to_end():
    schedule = plan(end=D(2026, 4, 3), changes=[(D(2026, 3, 10), 500_000)])
    rows = calc.cost_by_month(schedule, D(2026, 1, 1), D(2026, 12, 31))
    assert [(r.month, r.days, r.cost_ore) for r in rows] == [
        (D(2026, 1, 1), 17, 17 * 450_000),
        (D(2026, 2, 1), 28, 28 * 450_000),
        (D(2026, 3, 1), 31, 9 * 450_000 + 22 * 500_000),
        (D(2026, 4, 1), 2, 2 * 500_000)]


def test_cost_to_date_includes_the_as_of_day():
    assert calc.cost_to_date(plan(), JAN15) == 450_000
    assert calc.cost_to_date(plan(), JAN15 - timedelta(days=1)) == 0


@pytest.mark.parametrize(("end", "planned_end", "as_of", "to_date", "remaining"), [
    (None, D(2026, 7, 15), D(2026, 2, 28), 45, 136),    # running, forecast to the planned end
    (None, D(2026, 7, 15), D(2026, 9, 1), 230, 0),      # running past its planned end
    (D(2026, 3, 1), D(2026, 7, 15), D(2026, 2, 28), 45, 0),   # ended: the end day wins
    (D(2026, 3, 1), D(2026, 7, 15), D(2026, 2, 10), 27, 18),  # end day known, still ahead
    (None, D(2026, 7, 15), D(2026, 1, 1), 0, 181),      # not started yet
])
def test_forecast(end, planned_end, as_of, to_date, remaining):
    result = calc.forecast(plan(end=end), planned_end, as_of)
    assert (result.days_to_date, result.days_remaining) == (to_date, remaining)
    assert result.cost_total_ore == (to_date + remaining) * 450_000


def test_forecast_uses_known_future_rate_changes():
    schedule = plan(changes=[(D(2026, 5, 1), 500_000)])
    result = calc.forecast(schedule, D(2026, 7, 15), D(2026, 2, 28))
    assert result.cost_remaining_ore == (136 - 75) * 450_000 + 75 * 500_000


# Reimbursement -------------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "months", "last"), [
    (JAN15, 6, D(2026, 7, 14)),
    (D(2026, 8, 31), 6, D(2027, 2, 27)),  # add_months clamps to 28 Feb, the day before counts
    (D(2026, 1, 1), 1, D(2026, 1, 31)),
])
def test_reimbursement_window(start, months, last):
    assert calc.reimbursement_window(start, months) == (start, last)


@pytest.mark.parametrize(("share", "cap", "expected"), [
    (100, 0, 9 * 450_000 + 22 * 500_000),
    (100, 480_000, 9 * 450_000 + 22 * 480_000),
    (50, 0, (9 * 450_000 + 22 * 500_000) // 2),
    (33, 0, (9 * 450_000 + 22 * 500_000) * 33 // 100),
])
def test_eligible_amount_share_and_cap(share, cap, expected):
    schedule = plan(changes=[(D(2026, 3, 10), 500_000)])
    assert calc.eligible_amount(schedule, D(2026, 3, 1), D(2026, 3, 31), share, cap) == expected


def test_overlap():
    assert calc.overlap(D(2026, 1, 1), D(2026, 1, 31), D(2026, 1, 31), D(2026, 2, 5)) == (
        D(2026, 1, 31), D(2026, 1, 31))
    assert calc.overlap(D(2026, 1, 1), D(2026, 1, 30), D(2026, 1, 31), D(2026, 2, 5)) is None


# Refusals: no float, no nonsense ---------------------------------------------------------------

@pytest.mark.parametrize("rate", [4500.0, 4500.5, True, "4500"])
def test_a_rate_that_is_not_integer_ore_is_refused(rate):
    with pytest.raises(TypeError):
        calc.schedule(JAN15, None, rate)
    with pytest.raises(TypeError):
        calc.schedule(JAN15, None, 450_000, [(D(2026, 3, 1), rate)])


def test_schedule_refuses_end_before_start_and_unordered_rates():
    with pytest.raises(ValueError):
        calc.schedule(JAN15, D(2026, 1, 1), 450_000)
    with pytest.raises(ValueError):
        calc.RateSchedule(JAN15, None, ((JAN15, 1), (D(2026, 3, 1), 2), (D(2026, 2, 1), 3)))
    with pytest.raises(ValueError):
        calc.schedule(JAN15, None, 0)


def test_the_module_has_no_float_and_no_true_division():
    tree = ast.parse(inspect.getsource(calc))
    for node in ast.walk(tree):
        assert not (isinstance(node, ast.Constant) and isinstance(node.value, float))
        assert not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div))
        assert not (isinstance(node, ast.Name) and node.id in {"float", "Decimal"})


# Properties ----------------------------------------------------------------------------------

days = st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 12, 31))
rates = st.integers(min_value=1, max_value=2_000_000)


@st.composite
def schedules(draw):
    start = draw(days)
    end = draw(st.one_of(st.none(), st.integers(0, 500).map(lambda n: start + timedelta(n))))
    offsets = draw(st.lists(st.integers(1, 600), max_size=5, unique=True))
    changes = [(start + timedelta(n), draw(rates)) for n in offsets]
    return calc.schedule(start, end, draw(rates), changes)


@st.composite
def periods(draw):
    first = draw(days)
    return first, first + timedelta(draw(st.integers(0, 800)))


@given(schedules(), periods())
def test_cost_equals_the_day_by_day_sum(schedule, period):
    assert calc.cost(schedule, *period) == naive_cost(schedule, *period)


@given(schedules(), periods())
def test_sum_over_months_equals_sum_over_days(schedule, period):
    months = calc.cost_by_month(schedule, *period)
    assert sum(m.cost_ore for m in months) == calc.cost(schedule, *period)
    assert sum(m.days for m in months) == calc.care_days(schedule, *period)
    assert all(type(m.cost_ore) is int for m in months)


@given(schedules(), periods(), st.integers(0, 800))
def test_cost_is_additive_over_a_split(schedule, period, cut):
    first, last = period
    middle = min(first + timedelta(cut), last)
    left = calc.cost(schedule, first, middle)
    right = calc.cost(schedule, middle + timedelta(days=1), last)
    assert left + right == calc.cost(schedule, first, last)


@given(schedules(), periods())
def test_segments_cover_the_care_days_once_in_order(schedule, period):
    segments = calc.segments(schedule, *period)
    assert sum(s.days for s in segments) == calc.care_days(schedule, *period)
    for before, after in zip(segments, segments[1:], strict=False):
        assert after.first == before.last + timedelta(days=1)
    for segment in segments:
        assert segment.rate_ore == calc.rate_on(schedule, segment.first)
        assert segment.rate_ore == calc.rate_on(schedule, segment.last)


@given(schedules(), days, st.integers(0, 400))
def test_forecast_total_is_the_cost_to_the_horizon(schedule, as_of, planned_after):
    planned_end = schedule.start + timedelta(planned_after)
    result = calc.forecast(schedule, planned_end, as_of)
    horizon = schedule if schedule.end is not None else schedule.ending(planned_end)
    if as_of <= horizon.last_care_day:
        assert result.cost_total_ore == calc.cost(horizon, horizon.start, horizon.last_care_day)
    assert type(result.cost_total_ore) is int


@given(schedules(), periods(), st.integers(1, 100), st.integers(0, 2_000_000))
def test_eligible_never_exceeds_the_cost(schedule, period, share, cap):
    eligible = calc.eligible_amount(schedule, *period, share, cap)
    assert 0 <= eligible <= calc.cost(schedule, *period)
    assert type(eligible) is int


def test_forecast_within_one_year():
    schedule = plan(start=D(2026, 11, 1))
    result = calc.forecast(schedule, D(2027, 5, 1), D(2026, 11, 30), D(2026, 1, 1),
                           D(2026, 12, 31))
    assert (result.days_to_date, result.days_remaining) == (30, 31)


@given(schedules(), days, st.integers(0, 400), periods())
def test_forecast_within_a_period_is_part_of_the_whole(schedule, as_of, planned_after, period):
    planned_end = schedule.start + timedelta(planned_after)
    whole = calc.forecast(schedule, planned_end, as_of)
    part = calc.forecast(schedule, planned_end, as_of, *period)
    assert 0 <= part.cost_to_date_ore <= whole.cost_to_date_ore
    assert 0 <= part.cost_remaining_ore <= whole.cost_remaining_ore
