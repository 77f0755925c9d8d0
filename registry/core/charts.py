"""Horizontal bar charts as SVG geometry (pure): the template draws them, no script.

Readable without colour: every bar carries its number as text at its end, and a value that
may not be shown (disclosure control, core/disclosure.py) gets no bar, only its mark. Pages
always put the same numbers in a table next to the chart.
"""

from dataclasses import dataclass

LABEL_WIDTH, VALUE_WIDTH, ROW_HEIGHT, BAR_HEIGHT, TOP = 220, 110, 30, 18, 8


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int
    width: int  # 0 when the value is hidden or zero

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT - 4


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    bars: tuple

    @property
    def bar_height(self):
        return BAR_HEIGHT

    def text_x(self, bar):
        """Return where a bar's number starts: just after the bar's end."""
        return self.left + bar.width + 6


def bar_chart(items, width=720):
    """Return a BarChart of [(label, value or None, text)]; None draws no bar."""
    plot = width - LABEL_WIDTH - VALUE_WIDTH
    top = max([value for _, value, _ in items if value is not None and value > 0], default=1)
    bars = tuple(Bar(str(label)[:34], text, TOP + index * ROW_HEIGHT,
                     0 if not value or value < 0 else max(1, round(plot * value / top)))
                 for index, (label, value, text) in enumerate(items))
    return BarChart(width, TOP * 2 + ROW_HEIGHT * len(items), LABEL_WIDTH, bars)
