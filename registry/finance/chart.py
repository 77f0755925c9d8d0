"""The budget chart as SVG geometry (pure, integer arithmetic): no script, no inline style.

One bar per month shows the year's cumulative cost: the accrued part, then the forecast part
on top; a horizontal line marks the budget. Pages draw it with classes from finance.css.
"""

from dataclasses import dataclass

from babel.dates import format_date

from registry.core.money import format_money

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 96, 16, 16, 32
TICKS = 4


@dataclass(frozen=True)
class Bar:
    x: int
    width: int
    actual_y: int
    actual_height: int
    forecast_y: int
    forecast_height: int
    label: str
    label_x: int


@dataclass(frozen=True)
class Tick:
    y: int
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    baseline: int
    bars: list
    ticks: list
    budget_y: int | None


def _y(value, top_value):
    """Return the SVG y of `value` on a scale from 0 to `top_value`."""
    plot = HEIGHT - TOP - BOTTOM
    return TOP + plot * (top_value - value) // top_value


def _whole_kronor(ore):
    return format_money(ore, whole=True)


def budget_chart(months, budget_ore):
    """Return the Chart of twelve MonthRows (actual_ore, forecast_ore) against the budget."""
    cumulative_actual, cumulative_total, actual, total = [], [], 0, 0
    for month in months:
        actual += month.actual_ore
        total += month.total_ore
        cumulative_actual.append(actual)
        cumulative_total.append(total)
    top = max(total, budget_ore, 1)
    slot = (WIDTH - LEFT - RIGHT) // max(len(months), 1)
    baseline = _y(0, top)
    bars = []
    for index, month in enumerate(months):
        x = LEFT + index * slot + slot // 6
        actual_y, total_y = _y(cumulative_actual[index], top), _y(cumulative_total[index], top)
        bars.append(Bar(x, slot * 2 // 3, actual_y, baseline - actual_y, total_y,
                        actual_y - total_y, format_date(month.month, "LLL", locale="sv_SE"),
                        x + slot // 3))
    ticks = [Tick(_y(top * n // TICKS, top), _whole_kronor(top * n // TICKS))
             for n in range(TICKS + 1)]
    return Chart(WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, baseline, bars, ticks,
                 _y(budget_ore, top) if budget_ore else None)
