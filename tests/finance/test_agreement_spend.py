"""finance/agreement_spend.py: whole months, the increment of the last month, and who asks."""

from datetime import date

import pytest

from registry.finance.agreement_spend import (
    PARTIES_ONLY,
    agreement_spend,
    few_reason,
    last_whole_month,
)
from tests import factories
from tests.agreements.factories import party_agreement

DAY = date(2026, 12, 6)


def _placement(slug, agreement, start, end=None):
    return factories.placement(slug, agreement_=agreement, start_date=start, end_date=end,
                               end_reason="moved" if end else None)


def test_the_last_whole_month_is_the_calendar_month_before():
    assert last_whole_month(date(2026, 12, 6)) == (date(2026, 11, 1), date(2026, 11, 30))
    assert last_whole_month(date(2026, 1, 1)) == (date(2025, 12, 1), date(2025, 12, 31))


@pytest.mark.checklist("A11")
def test_a_month_accrued_by_one_other_municipality_hides_the_total(clock):
    """October and November totals would differ by Solna's one placement's November cost."""
    clock(DAY)
    agreement = party_agreement("sollentuna", start_date=date(2026, 1, 1))
    for slug in ("solna", "solna", "sigtuna", "sigtuna", "sigtuna"):
        _placement(slug, agreement, date(2026, 3, 1), date(2026, 9, 30))
    _placement("solna", agreement, date(2026, 10, 20))  # the only one in care in November
    jarfalla = factories.reference_municipality("jarfalla").id
    seen = agreement_spend([agreement], DAY, jarfalla)[agreement.id]
    assert seen.total_ore is None and seen.reason == few_reason(5)
    clock(date(2026, 11, 6))  # October had Solna's placement only as well: hidden too
    assert agreement_spend([agreement], date(2026, 11, 6), jarfalla)[agreement.id].reason
    clock(date(2026, 10, 6))  # September: five placements of two municipalities
    shown = agreement_spend([agreement], date(2026, 10, 6), jarfalla)[agreement.id]
    assert shown.total_ore is not None and shown.through == date(2026, 9, 30)


def test_nobody_outside_the_parties_sees_a_single_case_total(clock):
    clock(DAY)
    agreement = party_agreement("solna", form="direct_award", start_date=date(2026, 1, 1))
    for slug in ("solna", "solna", "sigtuna", "sigtuna", "sigtuna"):
        _placement(slug, agreement, date(2026, 3, 1))
    coordinator = agreement_spend([agreement], DAY, None)[agreement.id]
    assert coordinator.reason == PARTIES_ONLY and coordinator.own_ore is None
    assert coordinator.own_invoiced_ore is None
    sigtuna = factories.reference_municipality("sigtuna").id
    own = agreement_spend([agreement], DAY, sigtuna)[agreement.id]
    assert own.reason == PARTIES_ONLY and own.own_ore > 0  # its own placements, not a party
    solna = factories.reference_municipality("solna").id
    party = agreement_spend([agreement], DAY, solna)[agreement.id]
    assert party.own_ore > 0 and party.reason == few_reason(5)  # the rest is Sigtuna's alone
