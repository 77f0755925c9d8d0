"""Each report against the small world of tests/reports/factories.py, numbers by hand."""

import pytest

from registry.reports.catalogue import money, own, placements, procurement
from registry.reports.filters import ReportFilters
from tests import factories
from tests.reports.factories import MARCH, world


@pytest.fixture
def w():
    return world()


def test_placements_by_service_type(w):
    frame = placements.placements_by_service_type(w.filters())
    assert list(frame.columns) == ["Rapportinsats"]
    assert frame.loc["Solna", "Rapportinsats"] == 2
    assert frame.loc["Järfälla", "Rapportinsats"] == 1
    assert frame["Rapportinsats"].sum() == 3
    assert len(frame) == 8  # every municipality, zeros included


def test_placements_by_support_category(w):
    frame = placements.placements_by_support_category(w.filters())
    defector = "Avhopparstöd (polisens kriterier uppfyllda)"
    youth = "Ungdom som riskerar eller vill lämna kriminell livsstil"
    assert (frame.loc["Solna", defector], frame.loc["Solna", youth]) == (1, 1)
    assert (frame.loc["Järfälla", defector], frame.loc["Järfälla", youth]) == (1, 0)


def test_placements_by_end_reason(w):
    frame = placements.placements_by_end_reason(w.filters())
    assert frame.loc["Solna", "Avslutad enligt plan"] == 1
    assert frame.loc["Järfälla", "Återfall i kriminalitet"] == 1
    assert frame.to_numpy().sum() == 2


def test_report_timeliness(w):
    frame = placements.report_timeliness(w.filters())
    assert (frame.loc["Solna", "Inkom i tid"], frame.loc["Solna", "Inkom sent"]) == (1, 1)
    assert frame.loc["Järfälla"].sum() == 0


def test_one_municipality_only(w):
    frame = placements.placements_by_service_type(w.filters(municipality_id=w.a.municipality_id))
    assert list(frame.index) == ["Solna"]


def test_average_daily_price(w):
    frame = money.average_daily_price(w.filters()).set_index("Utförare")
    assert frame.loc[w.p1.legal_name, "Antal placeringar"] == 2
    assert frame.loc[w.p1.legal_name, "Vårddygn"] == 40
    assert frame.loc[w.p1.legal_name, "Genomsnittligt dygnspris"] == 100_000
    assert frame.loc[w.p2.legal_name, "Vårddygn"] == 10
    assert frame.loc[w.p2.legal_name, "Genomsnittligt dygnspris"] == 200_000


def test_days_and_cost(w):
    frame = money.days_and_cost(w.filters()).set_index("Kommun")
    assert list(frame.loc["Solna"]) == [2, 40, 4_000_000, 20, 2_000_000]
    assert list(frame.loc["Järfälla"]) == [1, 10, 2_000_000, 10, 2_000_000]


def test_reimbursement_vs_cost(w):
    frame = money.reimbursement_vs_cost(w.filters()).set_index("Kommun")
    solna = frame.loc["Solna"]
    assert solna["Kostnad"] == 4_000_000
    assert solna["Återsökningsbart"] == 3_100_000  # only A meets the criteria
    assert (solna["Återsökt"], solna["Utbetalt"]) == (3_100_000, 3_000_000)
    assert solna["Återvunnen andel av kostnaden (%)"] == 75.0
    assert frame.loc["Järfälla", "Återsökningsbart"] == 0


def test_procurement_forms(w):
    frame = procurement.procurement_forms(w.filters(provider_id=w.p1.id)).set_index(
        "Upphandlingsform")
    assert frame.loc["Ramavtal", "Antal avtal"] == 1
    assert frame.loc["Ramavtal", "Andel (%)"] == 100.0
    assert frame["Antal avtal"].sum() == 1


def test_price_spread(w):
    frame = procurement.price_spread(w.filters()).set_index("Insatstyp")
    assert list(frame.loc["Rapportinsats"]) == [3, 100_000, 150_000, 200_000]


def test_own_placement_costs_are_the_municipality_s_only(w, app):

    user = factories.staff("finance", "solna")
    frame = own.placement_costs(w.filters(), user)
    assert sorted(frame["Ärendereferens"]) == ["RAPP-A", "RAPP-B"]
    assert dict(zip(frame["Ärendereferens"], frame["Kostnad"], strict=True)) == {
        "RAPP-A": 3_100_000, "RAPP-B": 900_000}


def test_an_empty_period_gives_empty_reports(w):
    empty = ReportFilters(*MARCH, provider_id=w.p1.id, service_type_id=w.service_type.id)
    assert money.days_and_cost(ReportFilters(MARCH[0].replace(year=2001),
                                             MARCH[1].replace(year=2001),
                                             service_type_id=w.service_type.id)).empty
    assert money.average_daily_price(empty)["Antal placeringar"].tolist() == [2]
