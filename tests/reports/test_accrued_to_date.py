"""Amounts in the statistics accrue only for days that have passed (the period's planned days
ahead are not yet a cost), even now that periods are whole months, quarters and years."""

from datetime import date

from tests import factories
from tests.finance import factories as money

ON = date(2026, 6, 15)


def test_this_years_care_days_and_cost_stop_at_today(clock, login_as):
    clock(ON)
    service = factories.service_type(name="Tills idag")
    jarfalla = money.municipality("jarfalla")
    factories.placement(jarfalla, start_date=date(2026, 6, 1), service_type_id=service.id,
                        daily_rate_ore=400_000)  # no end date: planned to go on
    client = login_as("purchaser", "jarfalla")

    html = client.get(f"/statistik/dygn-och-kostnad?period=2026&insatstyp={service.id}"
                      ).get_data(as_text=True)

    # 1-15 June: 15 care days (not the 214 days to 31 December), 15 x 4 000 kr
    assert ">15<" in html
    assert "60\xa0000\xa0kr" in html or "60 000 kr" in html
