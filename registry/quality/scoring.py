"""Score an assessment: weighted 0–100, pass/fail on critical indicators, standing band.

Pure: no database, no Flask. The services, the seeder and the tests all call this.

Each answer is normalised to a fraction 0–1 by its indicator's type:
- yes/no: yes = 1, no = 0;
- scale 0–3: the value divided by 3;
- number: linear between `zero_at` (counts 0) and `full_at` (counts 1), clamped to 0–1;
  a number indicator without both points informs the assessor but is not scored;
- text: never scored, never critical.
The score is 100 × Σ(weight × fraction) / Σ(weight) over the scored indicators, rounded to
one decimal. An unanswered scored indicator counts as 0.

A critical indicator fails the whole assessment, whatever the score, when it is not met:
a "no", a scale answer below 2, a number short of `full_at`, or no answer at all.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from registry.core.enums import LabelledEnum

MAX_WEIGHT = 100
SCALE_MAX = 3
SCALE_PASS = 2


class AnswerType(LabelledEnum):
    YES_NO = "yes_no", "Ja/nej"
    SCALE = "scale_0_3", "Skala 0–3"
    NUMBER = "number", "Tal"
    TEXT = "text", "Fritext"


@dataclass(frozen=True)
class Criterion:
    """What the scoring needs to know about one indicator."""

    code: str
    answer_type: str
    weight: int = 1
    critical: bool = False
    zero_at: float | None = None
    full_at: float | None = None

    @property
    def scored(self):
        """Return True when the indicator's answer can count in the score."""
        if self.answer_type == AnswerType.TEXT:
            return False
        if self.answer_type == AnswerType.NUMBER:
            return self.zero_at is not None and self.full_at is not None
        return True


@dataclass(frozen=True)
class Band:
    """A standing band: scores from `low` (inclusive) to `high` (exclusive; 100 included)."""

    label: str
    low: float
    high: float

    def holds(self, score):
        return self.low <= score < self.high or (self.high == 100 and score == 100)


@dataclass(frozen=True)
class Result:
    score: float
    passed: bool
    band: str
    lowest_band: bool
    failed_critical: tuple[str, ...]


class BandError(ValueError):
    """The band setting does not cover 0–100 exactly once."""


def fraction(criterion, value):
    """Return the answer as a fraction 0–1, or None when it does not count in the score."""
    if not criterion.scored:
        return None
    if value is None:
        return 0.0
    if criterion.answer_type == AnswerType.YES_NO:
        return 1.0 if _yes(value) else 0.0
    if criterion.answer_type == AnswerType.SCALE:
        return _scale(value) / SCALE_MAX
    span = criterion.full_at - criterion.zero_at
    return min(max((float(value) - criterion.zero_at) / span, 0.0), 1.0)


def meets_critical(criterion, value):
    """Return True when a critical indicator's answer is good enough to pass."""
    if value is None:
        return False
    if criterion.answer_type == AnswerType.YES_NO:
        return _yes(value)
    if criterion.answer_type == AnswerType.SCALE:
        return _scale(value) >= SCALE_PASS
    if criterion.answer_type == AnswerType.NUMBER and criterion.scored:
        return fraction(criterion, value) >= 1.0
    return True


def score(answers: Iterable[tuple[Criterion, object]], bands):
    """Return the Result of (criterion, value) pairs against the given bands."""
    total = achieved = 0.0
    failed = []
    for criterion, value in answers:
        part = fraction(criterion, value)
        if part is not None and criterion.weight:
            total += criterion.weight
            achieved += criterion.weight * part
        if criterion.critical and not meets_critical(criterion, value):
            failed.append(criterion.code)
    points = round(100 * achieved / total, 1) if total else 0.0
    band = band_for(points, bands)
    return Result(points, not failed, band.label, band == bands[0], tuple(failed))


def band_for(points, bands):
    """Return the band that holds a score."""
    return next(band for band in bands if band.holds(points))


def parse_bands(text):
    """Parse 'Låg:0-60;Godtagbar:60-80;Hög:80-100' into bands sorted from the lowest."""
    bands = []
    for part in filter(None, (p.strip() for p in str(text).split(";"))):
        label, _, limits = part.rpartition(":")
        low, _, high = limits.partition("-")
        try:
            bands.append(Band(label.strip(), float(low), float(high)))
        except ValueError as exc:
            raise BandError(f"band {part!r} is not LABEL:LOW-HIGH") from exc
    return check_bands(bands)


def check_bands(bands):
    """Return the bands sorted, or raise BandError unless they cover 0–100 without overlap."""
    bands = tuple(sorted(bands, key=lambda b: b.low))
    if not bands:
        raise BandError("at least one band is needed")
    labels = [b.label for b in bands]
    if any(not label or len(label) > 40 for label in labels) or len(set(labels)) < len(labels):
        raise BandError("band labels must be unique, 1–40 characters")
    if any(not (math.isfinite(b.low) and math.isfinite(b.high) and b.low < b.high)
           for b in bands):
        raise BandError("each band needs LOW < HIGH")
    if bands[0].low != 0 or bands[-1].high != 100:
        raise BandError("the bands must start at 0 and end at 100")
    for below, above in pairwise(bands):
        if below.high != above.low:
            raise BandError(f"gap or overlap between {below.label} and {above.label}")
    return bands


def weight_problems(criteria):
    """Return [(code, field, Swedish message)] for weights a publishable checklist refuses.

    `field` names the indicator field at fault; code and field are None for the whole list.
    """
    problems = [(c.code, *problem) for c in criteria if (problem := _weight_problem(c))]
    if not any(c.scored and c.weight for c in criteria):
        problems.append((None, None, "Minst en indikator som räknas i poängen måste ha "
                                     "vikt över 0."))
    return problems


def _weight_problem(c):
    if isinstance(c.weight, bool) or not isinstance(c.weight, int) \
            or not 0 <= c.weight <= MAX_WEIGHT:
        return "weight", f"Vikten ska vara ett heltal 0–{MAX_WEIGHT}."
    if c.answer_type == AnswerType.TEXT and (c.weight or c.critical):
        return "weight", ("Fritextsvar räknas inte i poängen: vikten ska vara 0 och "
                          "indikatorn kan inte vara kritisk.")
    if c.answer_type == AnswerType.NUMBER and (c.weight or c.critical) and not c.scored:
        return "number_full_at", ("Ett tal som räknas behöver värdet som ger 0 poäng och "
                                  "värdet som ger full poäng.")
    if c.answer_type == AnswerType.NUMBER and c.scored and c.zero_at == c.full_at:
        return "number_full_at", "Värdena för 0 och full poäng måste skilja sig åt."
    return None


def _yes(value):
    if value in (True, False, 0, 1):
        return bool(value)
    raise ValueError(f"a yes/no answer must be yes or no, got {value!r}")


def _scale(value):
    if value in range(SCALE_MAX + 1):
        return int(value)
    raise ValueError(f"a scale answer must be 0–{SCALE_MAX}, got {value!r}")
