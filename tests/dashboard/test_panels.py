"""The pictures on each dashboard: lists, charts with their numbers as tables."""

from datetime import timedelta

from registry.core.dates import today
from registry.extensions import db
from tests import factories
from tests.finance import factories as money


def test_purchaser_sees_expiring_agreements_ceilings_and_price_spread(login_as):
    solna = money.municipality("solna")
    agreement = factories.agreement(lead=solna, start_date=today() - timedelta(days=400),
                                    end_date=today() + timedelta(days=20),
                                    ceiling_ore=100_000_000, title="Snart slut")
    db.session.commit()
    html = login_as("purchaser", "solna").get("/").get_data(as_text=True)
    assert f"{agreement.reference}</a> Snart slut" in html
    assert "<caption>Avtalens takvärde: förbrukat hittills</caption>" in html
    assert "<caption>Utförare som behöver en ny kvalitetsbedömning</caption>" in html
    assert "<caption>Grundpriser i kraft i dag, per insatstyp</caption>" in html
    assert 'role="img"' in html and "Siffrorna finns också i tabellen." in html


def test_case_officer_sees_own_placements_and_what_is_due(login_as):
    officer = factories.staff("case_officer", "solna")
    factories.placement(money.municipality("solna"), case_officer_id=officer.id,
                        case_reference="DASH-MINE-1", start_date=today() - timedelta(days=3))
    factories.placement(money.municipality("solna"), case_reference="DASH-OTHER-1",
                        start_date=today() - timedelta(days=2))
    db.session.commit()
    html = login_as("case_officer", "solna").get("/").get_data(as_text=True)
    assert "Mina pågående placeringar och vad som ska göras härnäst" in html
    assert "DASH-MINE-1" in html and "DASH-OTHER-1" not in html


def test_finance_sees_cost_per_month_forecast_and_reimbursement(login_as):
    html = login_as("finance", "solna").get("/").get_data(as_text=True)
    assert f"Kostnad per månad {today().year}: utfall och prognos" in html
    assert "Prognos för hela året:" in html
    assert f"<caption>Kostnad och återsökning {today().year}</caption>" in html
    assert "Återsökningsbart" in html and "Utbetalt" in html


def test_coordinator_sees_the_statistics_rounded(login_as):
    """A regional coordinator has no municipality: every count is a multiple of k (A12)."""
    html = login_as("coordinator").get("/").get_data(as_text=True)
    assert f"Placeringar {today().year} per kommun och insatstyp" in html
    section = html[html.index("Placeringar " + str(today().year) + " per kommun och insatstyp"):]
    values = [cell.split("<")[0] for cell in section.split('<td class="num">')[1:]]
    assert values and all(int(value) % 5 == 0 for value in values if value)
    assert "Siffrorna är skyddade" in html
