"""Provider outcomes seen by a municipality that holds 4 of the provider's 5 placements (A11).

Järfälla knows its own four placements. Before, the provider page said "färre än 5" for an end
reason none of Järfälla's placements had (so Solna's one placement ended that way), and the
quality page showed deviations per 100 placement-days over all five (so Solna's deviation
followed by subtraction). Now the others' counts are rounded to multiples of 5 and the rates
are hidden: nothing about the fifth placement can be worked out.
"""

import re
from datetime import date, timedelta

import pytest

from registry.extensions import db
from tests import factories

DAY = date(2026, 12, 6)
JARFALLA = ("purchaser", "jarfalla")


@pytest.fixture
def four_of_five(clock):
    """A provider with Järfälla's 4 placements (3 ended as planned, 1 running) and Solna's 1
    (ended by relapse into crime, with a deviation)."""
    clock(DAY)
    agreement, provider, service, _item = factories.priced_line("jarfalla")
    start = DAY - timedelta(days=200)

    def place(slug, **values):
        return factories.placement(slug, agreement_=agreement, provider_id=provider.id,
                                   service_type_id=service.id, start_date=start, **values)

    for _ in range(3):
        place("jarfalla", end_date=DAY - timedelta(days=20), end_reason="completed_as_planned")
    place("jarfalla")
    solna = place("solna", end_date=DAY - timedelta(days=10), end_reason="relapse_crime")
    factories.deviation(solna, occurred_on=DAY - timedelta(days=15))
    db.session.commit()
    return provider, service


def _cells(html):
    """Return {row heading: number} of the provider page's outcome table."""
    section = html[html.index('id="outcomes-heading"'):]
    section = section[:section.index("</section>")]
    return {label: int(value) for label, value in re.findall(
        r'<th scope="row">([^<]+)</th><td class="num">(\d+)</td>', section)}


@pytest.mark.checklist("A11")
def test_the_provider_page_does_not_single_out_the_fifth_placement(four_of_five, login_as):
    provider, _service = four_of_five
    html = login_as(*JARFALLA).get(f"/providers/{provider.id}").get_data(as_text=True)
    cells = _cells(html)
    own = {"Avslutad enligt plan": 3, "Pågående": 1, "Totalt": 4}
    for label, shown in cells.items():
        assert (shown - own.get(label, 0)) % 5 == 0, label  # Solna's part: a multiple of 5
    assert cells["Återfall i kriminalitet"] in (0, 5)
    assert cells["Totalt"] in (4, 9)
    assert "färre än" not in html[html.index('id="outcomes-heading"'):]
    assert "avrundas till jämna 5-tal" in html


@pytest.mark.checklist("A11")
def test_the_quality_page_hides_rates_a_viewer_could_difference(four_of_five, login_as):
    provider, _service = four_of_five
    html = login_as(*JARFALLA).get(f"/quality/providers/{provider.id}").get_data(as_text=True)
    placements = int(re.search(r"<dt>Placeringar \(alla kommuner\)</dt><dd>(\d+)</dd>",
                               html).group(1))
    assert placements in (4, 9)
    assert "Avvikelser per 100 placeringsdygn</dt>" not in html
    assert "förfallna" not in html
    assert "färre än 5 placeringar eller från en enda annan kommun" in html


@pytest.mark.checklist("A11")
def test_the_comparison_counts_the_others_rounded(four_of_five, login_as):
    provider, service = four_of_five
    client = login_as(*JARFALLA)
    html = client.get(f"/providers/compare?service={service.id}").get_data(as_text=True)
    row = html[html.index(provider.legal_name):]
    row = row[:row.index("</tr>")]
    total, planned = (int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row)[-2:])
    assert total in (4, 9) and planned in (3, 8)
