"""Each report against the small world of tests/reports/factories.py, numbers by hand.

The cross-municipal builders return the records behind each figure (facts.ReportData); the
exact counts and sums are worked out here from those records, before any disclosure rule.
"""

from collections import Counter

import pytest

from registry.core.periods import Period
from registry.reports.catalogue import REPORTS, money, own, placements, procurement
from registry.reports.filters import ReportFilters
from tests import factories
from tests.reports.factories import MARCH_PERIOD, world


@pytest.fixture
def w():
    return world()


class _Table:
    """Exact counts of a counts report's records: table[municipality, column]."""

    def __init__(self, data):
        self.cells = Counter(fact.keys for fact in data.current())
        self.rows, self.columns = data.row_labels, data.column_labels

    def __getitem__(self, key):
        return self.cells.get(key, 0)

    def total(self):
        return sum(self.cells.values())


def _rows(name, data):
    """Return {row keys: [exact count, *shown columns]} of a rows report's records."""
    groups = {}
    for fact in data.current():
        groups.setdefault(fact.keys, []).append(fact)
    out = {}
    for keys, group in groups.items():
        sums = {m: sum(f.values[data.period][i] for f in group)
                for i, m in enumerate(data.measures)}
        out[keys] = {"Antal placeringar": len(group), **REPORTS[name].columns(sums, len(group))}
    return out


def test_placements_by_service_type(w):
    table = _Table(placements.placements_by_service_type(w.filters()))
    assert table.columns == ["Rapportinsats"]
    assert table["Solna", "Rapportinsats"] == 2
    assert table["Järfälla", "Rapportinsats"] == 1
    assert table.total() == 3
    assert len(table.rows) == 8  # every municipality listed, zeros included


def test_placements_by_support_category(w):
    table = _Table(placements.placements_by_support_category(w.filters()))
    defector = "Avhopparstöd (polisens kriterier uppfyllda)"
    youth = "Ungdom som riskerar eller vill lämna kriminell livsstil"
    assert (table["Solna", defector], table["Solna", youth]) == (1, 1)
    assert (table["Järfälla", defector], table["Järfälla", youth]) == (1, 0)


def test_placements_by_end_reason(w):
    table = _Table(placements.placements_by_end_reason(w.filters()))
    assert table["Solna", "Avslutad enligt plan"] == 1
    assert table["Järfälla", "Återfall i kriminalitet"] == 1
    assert table.total() == 2


def test_report_timeliness(w):
    data = placements.report_timeliness(w.filters())
    table = _Table(data)
    assert (table["Solna", "Inkom i tid"], table["Solna", "Inkom sent"]) == (1, 1)
    assert table["Järfälla", "Inkom i tid"] + table["Järfälla", "Inkom sent"] == 0
    assert {fact.kind for fact in data.facts} == {"monthly_report"}


def test_one_municipality_only(w):
    data = placements.placements_by_service_type(w.filters(municipality_id=w.a.municipality_id))
    assert data.row_labels == ["Solna"]
    assert {fact.municipality_id for fact in data.facts} == {w.a.municipality_id}


def test_average_daily_price(w):
    rows = _rows("dygnspris", money.average_daily_price(w.filters()))
    p1, p2 = rows["Rapportinsats", w.p1.legal_name], rows["Rapportinsats", w.p2.legal_name]
    assert p1 == {"Antal placeringar": 2, "Vårddygn": 40, "Genomsnittligt dygnspris": 100_000}
    assert (p2["Vårddygn"], p2["Genomsnittligt dygnspris"]) == (10, 200_000)


def test_days_and_cost(w):
    rows = _rows("dygn-och-kostnad", money.days_and_cost(w.filters()))
    assert list(rows["Solna",].values()) == [2, 40, 4_000_000, 20, 2_000_000]
    assert list(rows["Järfälla",].values()) == [1, 10, 2_000_000, 10, 2_000_000]


def test_money_facts_carry_each_nested_period_of_the_year(w):
    data = money.days_and_cost(w.filters())
    c = next(fact for fact in data.facts if fact.record_id == w.c.id)
    assert c.values[MARCH_PERIOD] == (10, 2_000_000)
    assert c.values[Period.parse("2025-K1")] == (38, 7_600_000)  # 1 Feb - 10 Mar
    assert c.values[Period.parse("2025")] == (38, 7_600_000)
    assert Period.parse("2025-02") not in c.values  # not nested with March


def test_reimbursement_vs_cost(w):
    rows = _rows("aterforing", money.reimbursement_vs_cost(w.filters()))
    solna = rows["Solna",]
    assert solna["Kostnad"] == 4_000_000
    assert solna["Återsökningsbart"] == 3_100_000  # only A meets the criteria
    assert (solna["Återsökt"], solna["Utbetalt"]) == (3_100_000, 3_000_000)
    assert solna["Återvunnen andel av kostnaden (%)"] == 75.0
    assert rows["Järfälla",]["Återsökningsbart"] == 0


def test_procurement_forms(w):
    frame = procurement.procurement_forms(w.filters(provider_id=w.p1.id)).set_index(
        "Upphandlingsform")
    assert frame.loc["Ramavtal", "Antal avtal"] == 1
    assert frame.loc["Ramavtal", "Andel (%)"] == 100.0
    assert frame["Antal avtal"].sum() == 1


def test_price_spread(w):
    frame = procurement.price_spread(w.filters()).set_index("Insatstyp")
    assert list(frame.loc["Rapportinsats"]) == ["per dygn", 3, 100_000, 150_000, 200_000]


def test_own_placement_costs_are_the_municipality_s_only(w, app):

    user = factories.staff("finance", "solna")
    frame = own.placement_costs(w.filters(), user)
    assert sorted(frame["Ärendereferens"]) == ["RAPP-A", "RAPP-B"]
    assert dict(zip(frame["Ärendereferens"], frame["Kostnad"], strict=True)) == {
        "RAPP-A": 3_100_000, "RAPP-B": 900_000}


def test_an_empty_period_gives_empty_reports(w):
    one = ReportFilters(MARCH_PERIOD, provider_id=w.p1.id, service_type_id=w.service_type.id)
    assert not money.days_and_cost(ReportFilters(Period.parse("2001-03"),
                                                 service_type_id=w.service_type.id)).facts
    assert [row["Antal placeringar"] for row in
            _rows("dygnspris", money.average_daily_price(one)).values()] == [2]
