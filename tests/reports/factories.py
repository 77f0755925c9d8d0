"""A small world for the reports, with every right number worked out by hand.

March 2025, one new service type S, two new providers P1 and P2 (end day is no care day):
  A  Solna     P1  police_defector  from 2025-03-01, open,         1 000 kr  -> 31 days 31 000 kr
  B  Solna     P1  youth            2025-03-11 to 2025-03-20 done  1 000 kr  ->  9 days  9 000 kr
  C  Järfälla  P2  police_defector  2025-02-01 to 2025-03-11 crime 2 000 kr  -> 10 days 20 000 kr
A meets the police criteria; its March claim asked 31 000 kr and 30 000 kr was paid.
Provider reports for March: A on time (2025-04-05), B late (2025-04-20).
One framework agreement prices S at P1 1 000 kr, P2 1 500 kr and a third provider 2 000 kr.
"""

from dataclasses import dataclass
from datetime import date

from registry.core.periods import MONTH, Period
from registry.reports.filters import ReportFilters
from tests import factories
from tests.finance import factories as money

MARCH = (date(2025, 3, 1), date(2025, 3, 31))
MARCH_PERIOD = Period(2025, MONTH, 3)


@dataclass
class World:
    service_type: object
    p1: object
    p2: object
    a: object
    b: object
    c: object
    agreement: object

    def filters(self, **values):
        return ReportFilters(MARCH_PERIOD, service_type_id=self.service_type.id, **values)


def world(p1_name=None):
    """Create the world above and return it."""
    service = factories.service_type(name="Rapportinsats")
    p1 = factories.provider(**({"legal_name": p1_name} if p1_name else {}))
    p2 = factories.provider()
    solna, jarfalla = money.municipality("solna"), money.municipality("jarfalla")
    agreement = factories.agreement(lead=solna, start_date=date(2025, 1, 1),
                                    end_date=date(2026, 12, 31))
    for provider, price in ((p1, 100_000), (p2, 150_000), (factories.provider(), 200_000)):
        factories.price_item(agreement, provider, service, price_ore=price,
                             valid_from=date(2025, 1, 1))
    common = {"service_type_id": service.id, "agreement_": agreement}
    a = factories.placement(solna, provider_id=p1.id, start_date=date(2025, 3, 1),
                            daily_rate_ore=100_000, case_reference="RAPP-A",
                            **money.criteria(date(2025, 2, 20)), **common)
    b = factories.placement(solna, provider_id=p1.id, start_date=date(2025, 3, 11),
                            end_date=date(2025, 3, 20), end_reason="completed_as_planned",
                            support_category="youth", daily_rate_ore=100_000,
                            case_reference="RAPP-B", **common)
    c = factories.placement(jarfalla, provider_id=p2.id, start_date=date(2025, 2, 1),
                            end_date=date(2025, 3, 11), end_reason="relapse_crime",
                            daily_rate_ore=200_000, case_reference="RAPP-C", **common)
    money.claim(a, *MARCH, 3_100_000, status="paid", submitted_on=date(2025, 4, 2),
                decided_on=date(2025, 4, 20), approved_ore=3_000_000,
                paid_on=date(2025, 5, 1), paid_ore=3_000_000)
    factories.monthly_report(a, month=date(2025, 3, 1), days_in_care=31,
                             received_on=date(2025, 4, 5))
    factories.monthly_report(b, month=date(2025, 3, 1), days_in_care=9,
                             received_on=date(2025, 4, 20))
    return World(service, p1, p2, a, b, c, agreement)
