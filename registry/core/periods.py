"""Whole calendar periods for statistics: a month, a quarter, a half-year or a year.

Statistics are computed only for whole periods (DESIGN §2a), so "ending today" and "ending
yesterday" cannot be compared. A period has a key for URLs ("2026-11", "2026-K4", "2026-H1",
"2026") and a Swedish name ("november 2026", "kvartal 4 2026", "första halvåret 2026",
"2026").
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from registry.core.dates import add_months

MONTH, QUARTER, HALF, YEAR = "month", "quarter", "half", "year"
_MONTHS_OF = {MONTH: 1, QUARTER: 3, HALF: 6, YEAR: 12}
_PER_YEAR = {MONTH: 12, QUARTER: 4, HALF: 2, YEAR: 1}
MONTH_NAMES = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
               "september", "oktober", "november", "december")
_KEY = re.compile(r"^(\d{4})(?:-(\d{2})|-K([1-4])|-H([12]))?$")
YEARS_BACK = 4  # the choices reach this many years before the current one


@dataclass(frozen=True, order=True)
class Period:
    """One whole calendar period: `number` is the month (1-12), quarter (1-4), half (1-2) or 1."""

    year: int
    kind: str
    number: int = 1

    def __post_init__(self):
        if self.kind not in _MONTHS_OF or not 1 <= self.number <= _PER_YEAR[self.kind]:
            raise ValueError(f"no such period: {self.kind} {self.number}")

    @classmethod
    def month_of(cls, day):
        return cls(day.year, MONTH, day.month)

    @classmethod
    def whole_year(cls, year):
        return cls(year, YEAR)

    @classmethod
    def parse(cls, key):
        """Return the period a key names ('2026-11', '2026-K4', '2026-H1', '2026')."""
        match = _KEY.match(str(key or "").strip())
        if not match:
            raise ValueError(f"not a period: {key!r}")
        year, month, quarter, half = match.groups()
        if month:
            return cls(int(year), MONTH, int(month))
        if quarter:
            return cls(int(year), QUARTER, int(quarter))
        if half:
            return cls(int(year), HALF, int(half))
        return cls(int(year), YEAR)

    @property
    def key(self):
        return {MONTH: f"{self.year}-{self.number:02d}", QUARTER: f"{self.year}-K{self.number}",
                HALF: f"{self.year}-H{self.number}", YEAR: str(self.year)}[self.kind]

    @property
    def label(self):
        """Return the Swedish name, e.g. 'kvartal 4 2026'."""
        return {MONTH: f"{MONTH_NAMES[self.number - 1]} {self.year}",
                QUARTER: f"kvartal {self.number} {self.year}",
                HALF: f"{'första' if self.number == 1 else 'andra'} halvåret {self.year}",
                YEAR: str(self.year)}[self.kind]

    @property
    def first(self):
        return date(self.year, 1 + (self.number - 1) * _MONTHS_OF[self.kind], 1)

    @property
    def last(self):
        return add_months(self.first, _MONTHS_OF[self.kind]) - timedelta(days=1)

    def contains(self, other):
        return self.first <= other.first and other.last <= self.last

    def nested_with(self, other):
        """Return True when one of the two periods lies within the other."""
        return self.contains(other) or other.contains(self)

    def __str__(self):
        return self.label


def periods_of_year(year):
    """Return the 19 periods of a year: the year, its halves, quarters and months."""
    return [Period(year, kind, number) for kind in (YEAR, HALF, QUARTER, MONTH)
            for number in range(1, _PER_YEAR[kind] + 1)]


def nested_periods(period):
    """Return the other periods of the same year that lie within or around `period`."""
    return [other for other in periods_of_year(period.year)
            if other != period and other.nested_with(period)]


def is_allowed(period, on):
    """Return True when the period may be chosen on `on`: begun, and not too old."""
    return on.year - YEARS_BACK <= period.year and period.first <= on


def choices(on):
    """Return [(key, Swedish name)] of the periods that may be chosen, newest year first."""
    return [(period.key, period.label)
            for year in range(on.year, on.year - YEARS_BACK - 1, -1)
            for period in periods_of_year(year) if is_allowed(period, on)]
