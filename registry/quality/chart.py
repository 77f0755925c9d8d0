"""Score over time as SVG geometry: the template draws it, the numbers also go in a table.

Pure. Readable without colour: a passed assessment is a circle, a failed one a cross, each
point carries its score as text, and each band's lower limit is a dashed line named outside
the right edge.
"""

from dataclasses import dataclass
from datetime import date

MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 44, 88, 24, 36
Y_TICKS = (0, 20, 40, 60, 80, 100)


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    score: float
    day: date
    passed: bool
    band: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    points: tuple[ChartPoint, ...]
    y_ticks: tuple[tuple[float, int], ...]
    x_ticks: tuple[tuple[float, str], ...]
    band_lines: tuple[tuple[float, str], ...]

    @property
    def path(self):
        """Return the polyline's points attribute, oldest first."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def score_chart(history, bands, width=640, height=260):
    """Return a Chart of [(day, score, passed, band)] oldest first, on a 0–100 axis."""
    left, right = MARGIN_LEFT, width - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, height - MARGIN_BOTTOM
    history = sorted(history, key=lambda item: item[0])
    x_of = _x_scale([day for day, *_ in history], left, right)

    def y_of(score):
        return bottom - (bottom - top) * score / 100

    points = tuple(ChartPoint(x_of(day), y_of(score), score, day, bool(passed), band)
                   for day, score, passed, band in history)
    return Chart(
        width=width, height=height, left=left, right=right, top=top, bottom=bottom,
        points=points, y_ticks=tuple((y_of(t), t) for t in Y_TICKS),
        x_ticks=tuple((p.x, p.day.isoformat()) for p in _spaced(points)),
        band_lines=tuple((y_of(band.low), band.label[:12]) for band in bands if band.low > 0))


def _x_scale(days, left, right):
    """Return day -> x, spreading the days in proportion to the time between them."""
    if not days or days[0] == days[-1]:
        middle = (left + right) / 2
        return lambda _day: middle
    first, span = days[0], (days[-1] - days[0]).days

    def x_of(day):
        return left + (right - left) * (day - first).days / span

    return x_of


def _spaced(points, min_gap=80):
    """Return the points whose date labels do not overlap the previous label."""
    kept = []
    for point in points:
        if not kept or point.x - kept[-1].x >= min_gap:
            kept.append(point)
    return kept
