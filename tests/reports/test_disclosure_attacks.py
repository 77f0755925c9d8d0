"""The two statistics attacks of issue 17, replayed from a Järfälla user's side (A12).

1. "Dygn och kostnad" for periods ending 2026-12-06 and 2026-12-05: the difference of another
   municipality's care days is the number of its placements in care on 6 December, though the
   day asked alone shows "<5"; narrowing the dates pins one placement's end date.
2. "Dygnspris" for one day, one provider and one service type: 5 placements, 4 of them
   Järfälla's own, so the average price gives away the fifth (Solna's) daily rate.

Both are now impossible: free dates are refused, and for every whole period of the year the
other municipality's amounts are "visas inte" (DESIGN §2a, core/disclosure.py).
"""

import re
from datetime import date

import pytest

from registry.core.periods import choices
from tests import factories
from tests.finance import factories as money

pytestmark = pytest.mark.checklist("A12")

ON = date(2026, 12, 7)
NOT_SHOWN = "visas inte"


def _row(html, name):
    """Return the cells after the row header `name`, or None when the row is not listed."""
    match = re.search(rf'<th scope="row">{re.escape(name)}</th>(.*?)</tr>', html, re.S)
    return None if match is None else re.findall(r"<td[^>]*>([^<]*)</td>", match.group(1))


def _periods_2026():
    return [key for key, _ in choices(ON) if key.startswith("2026")]


def test_care_days_of_periods_ending_a_day_apart_do_not_count_another_s_placements(
        clock, login_as):
    clock(ON)
    hvb = factories.service_type(name="HVB attack")
    solna, jarfalla = money.municipality("solna"), money.municipality("jarfalla")
    common = {"service_type_id": hvb.id, "daily_rate_ore": 300_000}
    for _ in range(4):  # in care on 6 December
        factories.placement(solna, start_date=date(2026, 6, 1), **common)
    for end in (date(2026, 9, 1), date(2026, 10, 15)):  # left before December
        factories.placement(solna, start_date=date(2026, 3, 1), end_date=end,
                            end_reason="completed_as_planned", **common)
    factories.placement(jarfalla, start_date=date(2026, 1, 1), **common)
    client = login_as("purchaser", "jarfalla")

    shown = {}
    for last in ("2026-12-06", "2026-12-05"):
        response = client.get(f"/statistik/dygn-och-kostnad?fran=2026-01-01&till={last}"
                              f"&insatstyp={hvb.id}")
        html = response.get_data(as_text=True)
        row = _row(html, "Solna") if response.status_code == 200 else None
        shown[last] = None if row is None or row[1] == NOT_SHOWN else int(row[1])
    assert None in shown.values(), f"Solna's care days by period end: {shown}"

    for key in _periods_2026():
        html = client.get(f"/statistik/dygn-och-kostnad?period={key}&insatstyp={hvb.id}"
                          ).get_data(as_text=True)
        solna_row = _row(html, "Solna")
        assert solna_row is None or set(solna_row[1:]) == {NOT_SHOWN}, (key, solna_row)
        assert _row(html, "Järfälla")[0] == "1"  # the own row stays exact


def test_an_average_daily_price_over_four_own_placements_hides_the_fifth(clock, login_as):
    clock(ON)
    provider, service = factories.provider(), factories.service_type(name="Dygnspris attack")
    solna, jarfalla = money.municipality("solna"), money.municipality("jarfalla")
    common = {"provider_id": provider.id, "service_type_id": service.id,
              "start_date": date(2026, 7, 1)}
    for rate in (400_000, 410_000, 425_000, 450_000):  # Järfälla's own: 16 850 kr a day
        factories.placement(jarfalla, daily_rate_ore=rate, **common)
    factories.placement(solna, daily_rate_ore=520_000, **common)  # Solna's: 5 200 kr
    client = login_as("purchaser", "jarfalla")
    query = f"utforare={provider.id}&insatstyp={service.id}"

    html = client.get(f"/statistik/dygnspris?fran=2026-07-10&till=2026-07-10&{query}"
                      ).get_data(as_text=True)
    assert "4\u00a0410\u00a0kr" not in html and "4 410 kr" not in html

    for key in _periods_2026():
        html = client.get(f"/statistik/dygnspris?period={key}&{query}").get_data(as_text=True)
        row = _row(html, "Dygnspris attack")
        if row is None:
            assert key < "2026-07" or key in ("2026-K1", "2026-K2", "2026-H1"), key
            continue
        assert row[-2:] == [NOT_SHOWN, NOT_SHOWN], (key, row)  # care days, average price
        assert int(row[1]) in (4, 9), (key, row)  # own 4 exact, Solna's 1 rounded to 0 or 5
