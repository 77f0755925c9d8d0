"""The scoring rule as a pure function: weights, answer types, critical fail, bands."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.quality.scoring import (
    AnswerType,
    Band,
    BandError,
    Criterion,
    band_for,
    check_bands,
    fraction,
    parse_bands,
    score,
    weight_problems,
)

BANDS = parse_bands("Låg:0-60;Godtagbar:60-80;Hög:80-100")
YES = Criterion("Y", AnswerType.YES_NO, weight=1)
SCALE = Criterion("S", AnswerType.SCALE, weight=1)
HOURS = Criterion("N", AnswerType.NUMBER, weight=1, zero_at=0, full_at=200)
FEWER_IS_BETTER = Criterion("F", AnswerType.NUMBER, weight=1, zero_at=10, full_at=0)
INFO_NUMBER = Criterion("I", AnswerType.NUMBER, weight=0)
TEXT = Criterion("T", AnswerType.TEXT, weight=0)


@pytest.mark.parametrize("criterion,value,expected", [
    (YES, True, 1.0), (YES, False, 0.0), (YES, 1, 1.0), (YES, None, 0.0),
    (SCALE, 0, 0.0), (SCALE, 1, 1 / 3), (SCALE, 2, 2 / 3), (SCALE, 3, 1.0),
    (HOURS, 0, 0.0), (HOURS, 100, 0.5), (HOURS, 200, 1.0), (HOURS, 300, 1.0), (HOURS, -5, 0.0),
    (FEWER_IS_BETTER, 0, 1.0), (FEWER_IS_BETTER, 5, 0.5), (FEWER_IS_BETTER, 20, 0.0),
    (INFO_NUMBER, 250, None), (TEXT, "fritt svar", None), (TEXT, None, None),
])
def test_each_answer_type_is_normalised(criterion, value, expected):
    result = fraction(criterion, value)
    assert result is None if expected is None else result == pytest.approx(expected)


@pytest.mark.parametrize("answers,points,passed,band", [
    # all met
    ([(Criterion("A", "yes_no", 3), True), (Criterion("B", "scale_0_3", 1), 3)],
     100.0, True, "Hög"),
    # weights: a no on weight 3 against a full scale on weight 1 -> 25
    ([(Criterion("A", "yes_no", 3), False), (Criterion("B", "scale_0_3", 1), 3)],
     25.0, True, "Låg"),
    # scale 2 of 3 on equal weights with a yes -> (1 + 2/3) / 2 = 83.3
    ([(Criterion("A", "yes_no", 1), True), (Criterion("B", "scale_0_3", 1), 2)],
     83.3, True, "Hög"),
    # text and unscored numbers never count, whatever they say
    ([(Criterion("A", "yes_no", 1), True), (TEXT, "nej"), (INFO_NUMBER, 0)],
     100.0, True, "Hög"),
    # a weight-0 indicator does not count in the score but still fails when critical
    ([(Criterion("A", "yes_no", 1), True), (Criterion("C", "yes_no", 0, critical=True), False)],
     100.0, False, "Hög"),
    # critical scale: 2 passes, 1 fails
    ([(Criterion("A", "scale_0_3", 1, critical=True), 2)], 66.7, True, "Godtagbar"),
    ([(Criterion("A", "scale_0_3", 1, critical=True), 1)], 33.3, False, "Låg"),
    # critical number: must reach full points
    ([(Criterion("N", "number", 1, True, 0, 200), 199)], 99.5, False, "Hög"),
    ([(Criterion("N", "number", 1, True, 0, 200), 200)], 100.0, True, "Hög"),
    # unanswered: counts 0, and fails when critical
    ([(Criterion("A", "yes_no", 1), None), (Criterion("B", "yes_no", 1), True)],
     50.0, True, "Låg"),
    ([(Criterion("A", "yes_no", 1, critical=True), None)], 0.0, False, "Låg"),
    # band limits: 60 is Godtagbar, 59.9 is Låg, 80 is Hög
    ([(Criterion("A", "scale_0_3", 1), 3), (Criterion("B", "yes_no", 1), False),
      (Criterion("C", "yes_no", 3), True)], 80.0, True, "Hög"),
])
def test_weighted_score_pass_and_band(answers, points, passed, band):
    result = score(answers, BANDS)
    assert (result.score, result.passed, result.band) == (points, passed, band)


def test_a_critical_fail_fails_whatever_the_score_and_names_the_indicator():
    answers = [(Criterion("Q1", "yes_no", 1, critical=True), False)] + [
        (Criterion(f"X{n}", "yes_no", 100), True) for n in range(10)]
    result = score(answers, BANDS)
    assert result.score > 99 and not result.passed and result.failed_critical == ("Q1",)


def test_lowest_band_is_flagged():
    assert score([(YES, False)], BANDS).lowest_band
    assert not score([(YES, True)], BANDS).lowest_band


def test_no_scored_indicator_scores_zero():
    assert score([(TEXT, "x")], BANDS).score == 0.0


@pytest.mark.parametrize("criterion,value", [(SCALE, 4), (SCALE, 1.5), (YES, 2), (YES, "ja")])
def test_impossible_answers_are_refused(criterion, value):
    with pytest.raises(ValueError):
        score([(criterion, value)], BANDS)


@pytest.mark.parametrize("points,label", [(0, "Låg"), (59.9, "Låg"), (60, "Godtagbar"),
                                          (79.99, "Godtagbar"), (80, "Hög"), (100, "Hög")])
def test_band_limits(points, label):
    assert band_for(points, BANDS).label == label


@pytest.mark.parametrize("text,problem", [
    ("", "at least one band"),
    ("Låg:0-60;Hög:70-100", "gap or overlap"),
    ("Låg:0-60;Hög:50-100", "gap or overlap"),
    ("Låg:10-60;Hög:60-100", "start at 0"),
    ("Låg:0-60;Hög:60-99", "end at 100"),
    ("Låg:0-60;Låg:60-100", "unique"),
    ("Låg:0-0;Hög:0-100", "LOW < HIGH"),
    ("Låg 0-100", "LABEL:LOW-HIGH"),
    ("Låg:noll-100", "LABEL:LOW-HIGH"),
])
def test_bands_must_cover_0_to_100_without_overlap(text, problem):
    with pytest.raises(BandError, match=problem):
        parse_bands(text)


def test_bands_are_sorted_and_may_use_decimals():
    bands = parse_bands("Hög:80-100; Låg:0-59.5 ;Godtagbar:59.5-80")
    assert [b.label for b in bands] == ["Låg", "Godtagbar", "Hög"]
    assert band_for(59.5, bands).label == "Godtagbar"
    assert check_bands([Band("Alla", 0, 100)])[0].holds(100)


@pytest.mark.parametrize("criterion,field", [
    (Criterion("T", "text", 1), "weight"),
    (Criterion("T", "text", 0, critical=True), "weight"),
    (Criterion("N", "number", 2), "number_full_at"),
    (Criterion("N", "number", 1, zero_at=5, full_at=5), "number_full_at"),
    (Criterion("Y", "yes_no", 101), "weight"),
    (Criterion("Y", "yes_no", -1), "weight"),
    (Criterion("Y", "yes_no", True), "weight"),
])
def test_weights_are_validated(criterion, field):
    problems = weight_problems([criterion, YES])
    assert [(code, f) for code, f, _message in problems] == [(criterion.code, field)]


def test_a_checklist_needs_a_weighted_scored_indicator():
    problems = weight_problems([TEXT, INFO_NUMBER, Criterion("Y", "yes_no", 0)])
    assert [code for code, _f, _m in problems] == [None]
    assert weight_problems([YES, TEXT, INFO_NUMBER, HOURS]) == []


# Properties ---------------------------------------------------------------------------------

_TYPES = st.sampled_from(list(AnswerType))
ALPHABET = "abcdefghijklmnopqrstuvwxyzåäöQ0123456789 "


@st.composite
def answered(draw):
    """A criterion of any type and weight, with an answer of its type (or none)."""
    kind = draw(_TYPES)
    weight = 0 if kind == AnswerType.TEXT else draw(st.integers(0, 100))
    critical = kind != AnswerType.TEXT and draw(st.booleans())
    zero, full = None, None
    if kind == AnswerType.NUMBER and draw(st.booleans()):
        zero = draw(st.floats(-1e6, 1e6, allow_nan=False))
        full = draw(st.floats(-1e6, 1e6, allow_nan=False).filter(lambda f: f != zero))
    value = draw(st.none() | {
        AnswerType.YES_NO: st.booleans(),
        AnswerType.SCALE: st.integers(0, 3),
        AnswerType.NUMBER: st.floats(-1e9, 1e9, allow_nan=False),
        AnswerType.TEXT: st.text(ALPHABET, max_size=20),
    }[kind])
    return Criterion(draw(st.text(ALPHABET, min_size=1, max_size=4)), kind, weight, critical, zero,
                     full), value


@st.composite
def bands(draw):
    cuts = sorted(draw(st.sets(st.integers(1, 99), max_size=4)))
    limits = [0, *cuts, 100]
    return check_bands([Band(f"N{i}", low, high)
                        for i, (low, high) in enumerate(zip(limits, limits[1:], strict=False))])


@given(st.lists(answered(), max_size=30), bands())
def test_score_stays_within_0_and_100_and_has_a_band(answers, band_set):
    result = score(answers, band_set)
    assert 0 <= result.score <= 100
    assert result.band in {b.label for b in band_set}


@given(st.lists(answered(), max_size=20), st.integers(0, 100), bands())
def test_a_failed_critical_indicator_always_fails(answers, weight, band_set):
    failing = (Criterion("KRIT", AnswerType.YES_NO, weight, critical=True), False)
    answers.insert(len(answers) // 2, failing)
    result = score(answers, band_set)
    assert not result.passed and "KRIT" in result.failed_critical


@given(st.lists(answered(), max_size=20), bands())
def test_passing_means_every_critical_indicator_met(answers, band_set):
    from registry.quality.scoring import meets_critical

    result = score(answers, band_set)
    assert result.passed == all(meets_critical(c, v) for c, v in answers if c.critical)
