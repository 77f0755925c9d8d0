"""Committed spend on a joint agreement, seen by one party (issue 18, A11, DESIGN §2a).

A Järfälla purchaser on Järfälla and Solna's joint agreement sees Järfälla's spend so far and
what its running placements commit to their planned end, exactly; never Solna's own part. The
whole agreement's commitment and the ceiling share "använt + åtaget" are shown only with
enough running placements in at least two other municipalities.
"""

from datetime import date, timedelta

import pytest

from registry.core.money import format_money
from registry.extensions import db
from registry.finance.agreement_spend import agreement_spend, few_reason
from registry.finance.queries import spend_by_agreement
from tests import factories
from tests.agreements.factories import party_agreement

DAY = date(2026, 12, 6)
MONTH_END = date(2026, 11, 30)
RATE = 300_000  # 3 000 kr per dygn
CEILING = 1_000_000_000


def _placement(slug, agreement, days, planned_end, rate=RATE):
    """A running per-day placement of `slug`, `days` care days by DAY, planned to end."""
    return factories.placement(slug, agreement_=agreement, daily_rate_ore=rate,
                               start_date=DAY - timedelta(days=days - 1),
                               planned_end=planned_end)


def _page(client, agreement):
    return client.get(f"/agreements/{agreement.id}").get_data(as_text=True)


@pytest.fixture
def joint(clock):
    clock(DAY)
    agreement = party_agreement("jarfalla", participants=["solna"], ceiling_ore=CEILING,
                                start_date=DAY - timedelta(days=300))
    return agreement


@pytest.mark.checklist("A11")
def test_a_running_per_day_placement_commits_days_times_rate_to_its_planned_end(joint):
    _placement("jarfalla", joint, 10, planned_end=date(2026, 12, 31))
    db.session.commit()
    jarfalla = factories.reference_municipality("jarfalla")
    spend = agreement_spend([joint], DAY, jarfalla.id)[joint.id]
    assert spend.own_ore == 10 * RATE
    # Care days 7–30 December: the departure day 31 December is not a care day.
    assert spend.own_committed_ore == 24 * RATE
    assert spend.own_committed_ceiling.spent_ore == 34 * RATE


def test_the_commitment_stops_at_the_agreements_current_end(clock):
    clock(DAY)
    agreement = party_agreement("jarfalla", start_date=date(2026, 1, 1),
                                end_date=date(2026, 12, 20))
    _placement("jarfalla", agreement, 10, planned_end=date(2027, 6, 30))
    db.session.commit()
    jarfalla = factories.reference_municipality("jarfalla")
    spend = agreement_spend([agreement], DAY, jarfalla.id)[agreement.id]
    assert spend.own_committed_ore == 14 * RATE  # 7–20 December


@pytest.mark.checklist("A11")
def test_jarfalla_sees_its_own_spend_and_commitment_but_not_solnas_part(joint, login_as):
    _placement("jarfalla", joint, 10, planned_end=date(2026, 12, 31))
    solna = [_placement("solna", joint, days, planned_end=date(2027, 2, 28), rate=410_000)
             for days in (40, 50)]
    db.session.commit()
    html = _page(login_as("purchaser", "jarfalla"), joint)
    assert "Er kommun (till och med i dag)</th><td class=\"num\">" \
        f"{format_money(10 * RATE)}</td><td class=\"num\">{format_money(24 * RATE)}" in html
    assert "Åtaget, er kommuns pågående placeringar" in html
    assert format_money(24 * RATE) + ". Använt + åtaget: " + format_money(34 * RATE) in html
    solna_spent = sum(spend_by_agreement([joint.id], MONTH_END).values())
    for secret in (solna_spent, 40 * 410_000, 50 * 410_000, 90 * 410_000):
        assert format_money(secret) not in html
    assert "Övriga parter" in html and few_reason(5) in html
    assert html.count(f'<dd class="muted">{few_reason(5)}</dd>') == 2  # spend, commitment
    assert len(solna) == 2


@pytest.mark.checklist("A11")
def test_enough_placements_of_two_others_show_the_whole_commitment_and_share(clock, login_as):
    clock(DAY)
    agreement = party_agreement("jarfalla", participants=["solna", "sigtuna"],
                                ceiling_ore=CEILING, start_date=DAY - timedelta(days=300))
    for slug, days in (("solna", 30), ("solna", 31), ("solna", 32), ("sigtuna", 33),
                       ("sigtuna", 34)):
        _placement(slug, agreement, days, planned_end=date(2027, 1, 31))
    _placement("jarfalla", agreement, 10, planned_end=date(2026, 12, 31))
    db.session.commit()
    html = _page(login_as("purchaser", "jarfalla"), agreement)
    spent = spend_by_agreement([agreement.id], MONTH_END)[agreement.id]
    # As planned on 30 November: five others to 30 January (61 days), Järfälla's from
    # 27 November: 30 days, 1–30 December.
    committed = 5 * 61 * RATE + 30 * RATE
    assert f"{format_money(committed)}. Använt + åtaget: {format_money(spent + committed)}" \
        in html
    assert f"{100 * (spent + committed) // CEILING} % av takvärdet, använt + åtaget" in html
    others = spent - 4 * RATE
    assert f"<td class=\"num\">{format_money(others)}</td>" in html
    assert f"<td class=\"num\">{format_money(5 * 61 * RATE)}</td>" in html
    dashboard = login_as("purchaser", "jarfalla").get("/").get_data(as_text=True)
    assert format_money(committed) in dashboard
    assert f"{100 * (spent + committed) // CEILING} % av takvärdet" in dashboard
