"""The police reimbursement rules: eligibility, window, share and cap, overlap, amounts."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.core.settings import MoneySettings
from registry.finance import calculations as calc
from registry.finance import reimbursement as rules
from registry.placements.choices import POLICE_CRITERIA

D = date
START = D(2026, 1, 15)
AS_OF = D(2026, 9, 1)
SETTINGS = MoneySettings()
PLAN = calc.schedule(START, None, 450_000)


def placement(missing=()):
    return SimpleNamespace(**{name: None if name in missing else D(2026, 1, 10)
                              for name in POLICE_CRITERIA})


def claim(first, last, status="submitted", amount=0, approved=None, paid=None, claim_id=1):
    return rules.ClaimPeriod(claim_id, first, last, status, amount, approved, paid)


def problems(first, last, amount, others=(), who=None, settings=SETTINGS, plan=PLAN):
    return rules.claim_problems(who or placement(), plan, first, last, amount, list(others),
                                settings, AS_OF)


def test_a_placement_without_consent_recorded_is_not_eligible():
    without_consent = placement(missing=("consent_on",))
    assert not rules.is_eligible(without_consent)
    assert rules.missing_criteria(without_consent) == [POLICE_CRITERIA["consent_on"]]
    [(field, message)] = problems(START, D(2026, 1, 31), 100, who=without_consent)
    assert field is None
    assert "samtycke till informationsutbyte undertecknat" in message


def test_a_placement_with_every_criterion_is_eligible():
    assert rules.is_eligible(placement())
    assert problems(START, D(2026, 1, 31), 17 * 450_000) == []


def test_an_overlapping_claim_is_refused():
    earlier = claim(START, D(2026, 1, 31), "draft")
    [(field, message)] = problems(D(2026, 1, 31), D(2026, 2, 28), 100, [earlier])
    assert field == "period_start"
    assert "överlappar" in message and "2026-01-31" in message


def test_a_rejected_claim_covers_no_day():
    rejected = claim(START, D(2026, 1, 31), "rejected")
    assert problems(START, D(2026, 1, 31), 100, [rejected]) == []


def test_adjacent_claims_do_not_overlap():
    earlier = claim(START, D(2026, 1, 31), "paid")
    assert problems(D(2026, 2, 1), D(2026, 2, 28), 28 * 450_000, [earlier]) == []


def test_an_amount_above_the_eligible_amount_is_refused_naming_it():
    eligible = 17 * 450_000
    assert problems(START, D(2026, 1, 31), eligible) == []
    [(field, message)] = problems(START, D(2026, 1, 31), eligible + 1)
    assert field == "amount"
    assert "76\u00a0500\u00a0kr" in message and "17 dygn" in message


def test_share_and_cap_lower_the_eligible_amount():
    capped = MoneySettings(share_percent=50, daily_cap_ore=400_000)
    eligible = 17 * 400_000 // 2
    assert problems(START, D(2026, 1, 31), eligible, settings=capped) == []
    [(field, message)] = problems(START, D(2026, 1, 31), eligible + 1, settings=capped)
    assert field == "amount" and "34\u00a0000\u00a0kr" in message


@pytest.mark.parametrize(("first", "last", "field", "words"), [
    (D(2026, 1, 1), D(2026, 1, 31), "period_start", "återsökningsfönstret 2026-01-15–2026-07-14"),
    (D(2026, 7, 1), D(2026, 7, 15), "period_start", "återsökningsfönstret"),
    (D(2026, 2, 1), D(2026, 1, 31), "period_end", "före dess första dag"),
])
def test_a_period_outside_the_window_is_refused(first, last, field, words):
    [(found, message)] = problems(first, last, 100)
    assert found == field and words in message


def test_a_period_ahead_of_today_is_refused():
    late_start = calc.schedule(D(2026, 8, 20), None, 450_000)
    [(field, message)] = problems(D(2026, 8, 20), D(2026, 9, 5), 100, plan=late_start)
    assert field == "period_end" and "2026-09-01" in message


def test_a_period_without_care_days_is_refused():
    ended = calc.schedule(START, D(2026, 2, 1), 450_000)
    [(field, message)] = problems(D(2026, 3, 1), D(2026, 3, 31), 100, plan=ended)
    assert field == "period_start" and "inga vårddygn" in message


def test_a_longer_window_is_a_setting():
    long = MoneySettings(window_months=12)
    assert problems(D(2026, 8, 1), D(2026, 8, 31), 31 * 450_000, settings=long) == []
    assert problems(D(2026, 8, 1), D(2026, 8, 31), 31 * 450_000) != []


def test_summary_shows_window_eligible_claimed_approved_paid_and_what_is_left():
    claims = [claim(START, D(2026, 1, 31), "paid", 17 * 450_000, 17 * 450_000, 17 * 450_000),
              claim(D(2026, 2, 1), D(2026, 2, 28), "partly_approved", 28 * 450_000, 100, None, 2),
              claim(D(2026, 3, 1), D(2026, 3, 31), "rejected", 31 * 450_000, 0, None, 3)]
    result = rules.summary(placement(), PLAN, D(2026, 7, 15), claims, SETTINGS, D(2026, 4, 10))
    assert (result.window.first, result.window.last) == (START, D(2026, 7, 14))
    assert result.window.deadline == D(2026, 7, 14) + timedelta(days=90)
    assert result.eligible_window_ore == 181 * 450_000
    assert result.eligible_to_date_ore == (17 + 28 + 31 + 10) * 450_000
    assert result.claimed_ore == (17 + 28) * 450_000
    assert result.approved_ore == 17 * 450_000 + 100
    assert result.paid_ore == 17 * 450_000
    assert result.unclaimed == [(D(2026, 3, 1), D(2026, 4, 10))]
    assert result.claimable_ore == 41 * 450_000


def test_summary_of_an_ineligible_placement_offers_nothing():
    result = rules.summary(placement(("motivated_on",)), PLAN, D(2026, 7, 15), [], SETTINGS,
                           AS_OF)
    assert not result.eligible and result.claimable_ore == 0 and result.unclaimed == []


def test_decision_of_a_paid_claim_is_kept():
    paid = SimpleNamespace(decided_on=AS_OF, status="paid", approved_ore=5, amount_ore=10)
    assert rules.decision_of(paid) == "partly_approved"
    assert rules.decision_of(SimpleNamespace(decided_on=None, status="submitted")) is None


days = st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 12, 31))


@st.composite
def ranges(draw):
    first = draw(days)
    return first, first + timedelta(draw(st.integers(0, 60)))


@given(ranges(), st.lists(ranges(), max_size=6))
def test_uncovered_days_are_exactly_those_no_period_covers(window, periods):
    gaps = rules.uncovered(*window, periods)
    day, first, last = window[0], *window
    in_gap = {g[0] + timedelta(n) for g in gaps for n in range((g[1] - g[0]).days + 1)}
    while day <= last:
        covered = any(a <= day <= b for a, b in periods)
        assert (day in in_gap) == (not covered)
        day += timedelta(days=1)
    assert all(first <= a <= b <= last for a, b in gaps)
