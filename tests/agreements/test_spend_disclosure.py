"""An agreement's spend and invoices seen from another municipality (A11, DESIGN §2a).

The issue's side channel: a Järfälla user opened Solna's single-case agreement and read
"Upparbetat 785 200 kr" (151 days × 5 200 kr: one person's start date and care days) and
"Fakturerat" (Solna's invoices); each day's visit showed whether the placement still ran.
Now the whole spend is shown to the end of the last whole month (MONTH_END) by the magnitude
rule, the viewer's own part to the day, and other municipalities' invoices never.
"""

from datetime import date, timedelta

import pytest

from registry.core.money import format_money
from registry.extensions import db
from registry.finance.agreement_spend import OTHERS_INVOICES, PARTIES_ONLY, few_reason
from registry.finance.queries import spend_by_agreement
from tests import factories
from tests.agreements.factories import party_agreement
from tests.api.factories import bearer

DAY = date(2026, 12, 6)
MONTH_END = date(2026, 11, 30)
RATE = 520_000  # 5 200 kr per dygn
JARFALLA = ("purchaser", "jarfalla")


def _placement(slug, agreement, days, rate=RATE):
    """A running placement of `slug` under the agreement, `days` care days by DAY."""
    return factories.placement(slug, agreement_=agreement, daily_rate_ore=rate,
                               start_date=DAY - timedelta(days=days - 1))


def _page(client, agreement):
    return client.get(f"/agreements/{agreement.id}").get_data(as_text=True)


@pytest.fixture
def single_case(clock):
    """Solna's single-case agreement for one placement: 151 days × 5 200 kr, one invoice."""
    clock(DAY)
    agreement = party_agreement("solna", form="single_case", ceiling_ore=100_000_000,
                                start_date=DAY - timedelta(days=200))
    placement = _placement("solna", agreement, 151)
    factories.invoice(placement, amount_ore=14_560_000, period_start=date(2026, 7, 1),
                      period_end=date(2026, 7, 28), days=28)
    db.session.commit()
    assert spend_by_agreement([agreement.id], DAY)[agreement.id] == 151 * RATE
    return agreement


@pytest.mark.checklist("A11")
def test_another_municipality_sees_no_spend_of_a_single_case_agreement(single_case, login_as):
    html = _page(login_as(*JARFALLA), single_case)
    assert format_money(151 * RATE) not in html  # 785 200 kr
    assert format_money(14_560_000) not in html  # Solna's invoice
    assert PARTIES_ONLY in html and OTHERS_INVOICES in html
    assert format_money(spend_by_agreement([single_case.id], MONTH_END)[single_case.id]) \
        not in html
    assert "av takvärdet" not in html and "er kommuns placeringar" not in html
    listing = login_as(*JARFALLA).get(f"/agreements/?q={single_case.reference}")
    text = listing.get_data(as_text=True)
    assert listing.status_code == 200
    assert single_case.title in text and "visas inte" in text and " %</span>" not in text


@pytest.mark.checklist("A11")
def test_the_api_gives_another_municipality_no_spend_of_a_single_case_agreement(
        single_case, client):
    for path in (f"/api/v1/agreements/{single_case.id}", "/api/v1/agreements?per_page=100"):
        body = client.get(path, headers=bearer(JARFALLA)).get_data(as_text=True)
        assert str(151 * RATE) not in body and "14560000" not in body
        assert "spen" not in body and "invoic" not in body


def test_the_single_case_agreements_own_party_sees_its_spend(single_case, login_as):
    html = _page(login_as("purchaser", "solna"), single_case)
    whole = spend_by_agreement([single_case.id], MONTH_END)[single_case.id]
    assert format_money(whole) in html  # to the end of November: Solna's own placement
    assert format_money(151 * RATE) in html  # Solna's own part, to the day
    assert "Er kommun: " + format_money(14_560_000) in html


@pytest.mark.checklist("A11")
def test_a_party_sees_its_own_spend_but_not_a_total_with_a_few_of_the_others(clock,
                                                                            login_as):
    clock(DAY)
    agreement = party_agreement("solna", participants=["jarfalla"], ceiling_ore=100_000_000,
                                start_date=DAY - timedelta(days=300))
    for days in (30, 40, 50):
        _placement("solna", agreement, days)
    own = [_placement("jarfalla", agreement, days, rate=300_000) for days in (10, 20)]
    factories.invoice(own[0], amount_ore=1_000_000)
    other = _placement("solna", agreement, 60)
    factories.invoice(other, amount_ore=9_990_000)
    db.session.commit()
    own_ore = 30 * 300_000
    html = _page(login_as(*JARFALLA), agreement)
    assert "er kommuns placeringar</dt>\n    <dd class=\"procurement-meter\">" \
           f"{format_money(own_ore)}" in html
    for day in (MONTH_END, DAY):
        assert format_money(spend_by_agreement([agreement.id], day)[agreement.id]) not in html
    assert few_reason(5) in html
    assert "Er kommun: " + format_money(1_000_000) in html and OTHERS_INVOICES in html
    assert format_money(10_990_000) not in html and format_money(9_990_000) not in html


@pytest.mark.checklist("A11")
def test_a_shared_agreement_shows_a_total_from_enough_placements_of_several_others(clock,
                                                                                 login_as):
    clock(DAY)
    agreement = party_agreement("sollentuna", participants=["solna", "sigtuna"],
                                ceiling_ore=100_000_000, start_date=DAY - timedelta(days=300))
    for slug, days in (("solna", 30), ("solna", 31), ("solna", 32), ("sigtuna", 33),
                       ("sigtuna", 34)):
        _placement(slug, agreement, days)
    db.session.commit()
    total = spend_by_agreement([agreement.id], MONTH_END)[agreement.id]
    html = _page(login_as(*JARFALLA), agreement)  # not a party, no placements of its own
    assert format_money(total) in html and f"{100 * total // 100_000_000} % av takvärdet" in html
    assert "Upparbetat till och med 2026-11-30" in html
    assert "er kommuns placeringar" not in html and few_reason(5) not in html


@pytest.mark.checklist("A11")
def test_a_daily_visit_does_not_show_when_a_placement_ends(clock, login_as):
    clock(DAY)
    agreement = party_agreement("sollentuna", participants=["solna", "sigtuna"],
                                start_date=DAY - timedelta(days=300))
    placements = [_placement(slug, agreement, days) for slug, days in (
        ("solna", 60), ("solna", 61), ("solna", 62), ("sigtuna", 63), ("sigtuna", 64))]
    db.session.commit()
    before = _page(login_as(*JARFALLA), agreement)
    placements[0].end_date, placements[0].end_reason = DAY + timedelta(days=1), "moved"
    db.session.commit()
    for day in (DAY + timedelta(days=1), DAY + timedelta(days=2)):
        clock(day)
        assert _spend(_page(login_as(*JARFALLA), agreement)) == _spend(before)  # a new day,
        # a new login (a session does not last a day)
    assert _spend(before) == format_money(spend_by_agreement([agreement.id], MONTH_END)[
        agreement.id])


def _spend(html):
    start = html.index('<dd class="procurement-meter">') + len('<dd class="procurement-meter">')
    return html[start:html.index("</dd>", start)]


def test_a_shared_agreement_of_one_other_municipality_shows_no_total(clock, login_as):
    clock(DAY)
    agreement = party_agreement("solna", start_date=DAY - timedelta(days=300))
    for days in range(30, 40):
        _placement("solna", agreement, days)
    db.session.commit()
    html = _page(login_as(*JARFALLA), agreement)
    for day in (MONTH_END, DAY):
        assert format_money(spend_by_agreement([agreement.id], day)[agreement.id]) not in html
    assert few_reason(5) in html
