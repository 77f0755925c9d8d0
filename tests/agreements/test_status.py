"""The agreement status rule: upcoming, active, option period, expired — at the boundary days."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from registry.agreements.status import (
    AgreementStatus,
    agreement_status,
    effective_end,
    exercised_option_months,
)

START = date(2026, 1, 1)
END = date(2027, 12, 31)
DAY = timedelta(days=1)


@pytest.mark.parametrize(("on", "expected"), [
    (START - DAY, AgreementStatus.UPCOMING),
    (START, AgreementStatus.ACTIVE),
    (END, AgreementStatus.ACTIVE),
    (END + DAY, AgreementStatus.OPTION_PERIOD),
    (date(2028, 12, 31), AgreementStatus.OPTION_PERIOD),
    (date(2029, 1, 1), AgreementStatus.EXPIRED),
])
def test_status_with_one_exercised_option_of_twelve_months(on, expected):
    assert agreement_status(START, END, [12], on) == expected


@pytest.mark.parametrize(("on", "expected"), [
    (START - DAY, AgreementStatus.UPCOMING),
    (END, AgreementStatus.ACTIVE),
    (END + DAY, AgreementStatus.EXPIRED),
])
def test_without_exercised_options_the_day_after_the_end_is_expired(on, expected):
    assert agreement_status(START, END, [], on) == expected


def test_a_one_day_agreement_is_active_on_its_only_day():
    assert agreement_status(START, START, [], START) == AgreementStatus.ACTIVE
    assert agreement_status(START, START, [], START + DAY) == AgreementStatus.EXPIRED


def test_options_extend_one_after_another_clamped_to_month_end():
    assert effective_end(date(2027, 1, 31), [1]) == date(2027, 2, 28)
    assert effective_end(date(2027, 1, 31), [1, 1]) == date(2027, 3, 28)
    assert effective_end(END, [12, 6]) == date(2029, 6, 30)


def _option(sequence, decision, months=12):
    return SimpleNamespace(sequence=sequence, decision=decision, length_months=months)


def test_only_options_exercised_in_order_count():
    options = [_option(2, "exercised", 6), _option(1, "exercised"), _option(3, "pending"),
               _option(4, "exercised", 3)]
    assert exercised_option_months(options) == [12, 6]


def test_a_declined_first_option_ends_the_chain():
    assert exercised_option_months([_option(1, "declined"), _option(2, "exercised")]) == []
