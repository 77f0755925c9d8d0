"""The provider comparison never ranks a price of another unit as the lowest (issue 18)."""

import re
from datetime import date

from registry.extensions import db
from tests import factories
from tests.agreements.factories import party_agreement


def test_a_price_per_hour_is_not_compared_with_prices_per_day(login_as, clock):
    clock(date(2026, 12, 7))
    service = factories.service_type(name="Jämförd insats", unit="day")
    daily, hourly = factories.provider(), factories.provider()
    agreement = party_agreement("jarfalla", providers=[daily, hourly])
    factories.price_item(agreement, daily, service, price_ore=450_000, unit="day")
    factories.price_item(agreement, hourly, service, price_ore=90_000, unit="hour")
    db.session.commit()

    html = login_as("purchaser", "jarfalla").get(
        f"/providers/compare?service={service.id}").get_data(as_text=True)

    # the hourly price is not ranked as the cheapest: it is no price per day at all
    assert re.search(r"4\s500\skr", html)
    assert not re.search(r">900\skr", html)
