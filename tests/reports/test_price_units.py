"""Statistics never put prices of different units on one scale (issue 18).

On the old code the price spread put a per-dygn price and a per-programme price of the same
service type in one row (lowest 4 300 kr, highest 45 000 kr), and the average daily price
divided a programme's price by its days as if it were a daily rate.
"""

from datetime import date

from registry.core.periods import Period
from registry.reports.catalogue import money, procurement
from registry.reports.filters import ReportFilters
from tests import factories

ON = date(2026, 6, 15)


def test_the_price_spread_keeps_units_apart(clock):
    clock(ON)
    service = factories.service_type(name="Blandad insats")
    for price, unit in ((430_000, "day"), (4_500_000, "programme"), (85_000, "hour")):
        factories.price_item(service_type_=service, price_ore=price, unit=unit,
                             valid_from=date(2026, 1, 1))
    frame = procurement.price_spread(ReportFilters(Period.parse("2026-06"),
                                                   service_type_id=service.id))
    rows = {row["Enhet"]: (row["Lägsta pris"], row["Högsta pris"])
            for row in frame.to_dict("records")}
    assert rows == {"per dygn": (430_000, 430_000), "per program": (4_500_000, 4_500_000),
                    "per timme": (85_000, 85_000)}


def test_the_average_daily_price_counts_only_prices_per_day(clock):
    clock(ON)
    service = factories.service_type(name="Program, inte dygn", unit="programme")
    factories.placement("solna", start_date=date(2026, 6, 1), service_type_id=service.id,
                        daily_rate_ore=4_500_000, rate_unit="programme")
    data = money.average_daily_price(ReportFilters(Period.parse("2026-06"),
                                                   service_type_id=service.id))
    assert data.facts == []
