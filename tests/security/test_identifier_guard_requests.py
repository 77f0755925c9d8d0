"""A10 from the user's side: a personnummer typed into a page or sent to the API is refused
with a Swedish message on the field (422), the typing is kept and nothing is saved; a sole
trader's organisation number is refused saying why, a company's is accepted.
"""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from registry.agreements.price_import import import_prices
from registry.auth.models import User
from registry.core.dates import today
from registry.extensions import db
from registry.finance.models import Invoice
from registry.placements.models import FollowUp, MonthlyReport
from registry.providers.models import Provider
from tests import factories
from tests.agreements.factories import party_agreement
from tests.agreements.test_price_import import csv_file
from tests.api.factories import bearer, placement_of
from tests.conftest import post
from tests.finance import factories as money

OFFICER = ("case_officer", "solna")
PURCHASER = ("purchaser", "solna")
FINANCE = ("finance", "solna")
SOLE_TRADER = ("Numret är ett personnummer eller samordningsnummer (enskild firma). "
               "Personnummer sparas aldrig i registret – ange organisationsnumret för ett "
               "aktiebolag, en förening eller en stiftelse.")


def _provider_form(**values):
    return {"legal_name": "Nya Stödet AB", "org_number": factories.org_number(),
            "org_form": "ab", "municipality_id": "", "regions": "Hela Sverige",
            "description": "", "website": "", "contact_email": "", "contact_phone": "",
            "permit_number": "", "permit_scope": "", "permit_valid_until": "", "capacity": "",
            **values}


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


# --- API ----------------------------------------------------------------------------------

@pytest.mark.checklist("A10")
def test_a_report_text_with_a_spaced_personnummer_is_refused_by_the_api(client):
    """Found by the attack in issue 17: this PATCH answered 200 and stored the number."""
    report = db.session.scalars(select(MonthlyReport).where(
        MonthlyReport.placement_id == placement_of("solna").id)).one()
    before = report.report_text
    url = f"/api/v1/placements/{report.placement_id}/reports/{report.id}"
    response = client.patch(url, headers=bearer(OFFICER), json={
        "version": report.version, "report_text": "Klienten 850709 9805"})
    assert response.status_code == 422, response.json
    assert response.json["error"]["fields"]["report_text"] == [
        "Fältet får inte innehålla ett personnummer eller samordningsnummer."]
    db.session.refresh(report)
    assert report.report_text == before


@pytest.mark.checklist("A10")
@pytest.mark.parametrize("participants", [
    "Klienten \uff18\uff15\uff10\uff17\uff10\uff19\uff0d\uff19\uff18\uff10\uff15",  # full width
    "Klienten 850709\u20119805",  # non-breaking hyphen
    "Klienten 850 709 98 05",  # grouped digits
])
def test_a_follow_up_with_a_personnummer_is_refused_and_not_saved(client, participants):
    placement = placement_of("solna")
    response = client.post(f"/api/v1/placements/{placement.id}/follow-ups",
                           headers=bearer(OFFICER), json={
                               "held_on": placement.start_date.isoformat(),
                               "participants": participants, "outcome": "Går enligt plan."})
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == ["participants"]
    assert _count(FollowUp, FollowUp.placement_id == placement.id) == 0


@pytest.mark.checklist("A10")
def test_the_api_refuses_a_sole_traders_number_saying_why_and_takes_a_company(client):
    headers = bearer(PURCHASER)
    refused = client.post("/api/v1/providers", headers=headers, json={
        "legal_name": "Enskild firma", "org_number": "19850709-9805", "org_form": "ab"})
    assert refused.status_code == 422
    assert refused.json["error"]["fields"]["org_number"] == [SOLE_TRADER]
    assert _count(Provider, Provider.legal_name == "Enskild firma") == 0
    number = factories.org_number()
    accepted = client.post("/api/v1/providers", headers=headers, json={
        "legal_name": "Bolaget AB", "org_number": number, "org_form": "ab"})
    assert accepted.status_code == 201, accepted.json
    assert accepted.json["org_number"] == number


# --- Pages --------------------------------------------------------------------------------

@pytest.mark.checklist("A10")
def test_an_invoice_note_with_a_personnummer_is_refused_on_the_page(login_as):
    """The invoice note had no check at all (issue 17)."""
    placement = money.placement(days_ago=120)
    db.session.commit()
    path = f"/finance/placements/{placement.id}/invoices/new"
    first = today() - timedelta(days=40)
    invoice = {"invoice_number": "F-4711", "period_start": first.isoformat(),
               "period_end": (first + timedelta(days=9)).isoformat(), "days": "10",
               "amount": "45 000", "received_on": today().isoformat()}
    client = login_as(FINANCE)
    response = post(client, path, {**invoice, "note": "Gäller klienten 850709\u202f9805"},
                    token_from=path)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Anteckning får inte innehålla ett personnummer eller samordningsnummer." in html
    assert 'value="F-4711"' in html  # the typing is kept
    assert _count(Invoice, Invoice.placement_id == placement.id) == 0
    harmless = "Utföraren 556036-0793, tel 08-123 456 78, 4 500 kr/dygn, dnr SN 2026/1234"
    assert post(client, path, {**invoice, "note": harmless},
                token_from=path).status_code == 302
    assert _count(Invoice, Invoice.placement_id == placement.id) == 1


@pytest.mark.checklist("A10")
def test_a_providers_legal_name_with_a_personnummer_is_refused_on_the_page(login_as):
    response = post(login_as(PURCHASER), "/providers/new",
                    _provider_form(legal_name="Stöd 850709\u20139805", regions="Norrort"),
                    token_from="/providers/new")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Namn (juridiskt) får inte innehålla ett personnummer eller samordningsnummer." \
        in html
    assert 'value="Norrort"' in html
    assert _count(Provider, Provider.legal_name.like("Stöd 850709%")) == 0


@pytest.mark.checklist("A10")
@pytest.mark.parametrize("number", ["850709-9805", "19850709-9805", "850709 9805", "701063-2391"])
def test_a_sole_traders_number_is_refused_on_the_page_saying_why(login_as, number):
    response = post(login_as(PURCHASER), "/providers/new",
                    _provider_form(org_number=number, legal_name="Firma Enskild"),
                    token_from="/providers/new")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert SOLE_TRADER in html
    assert _count(Provider, Provider.legal_name == "Firma Enskild") == 0


@pytest.mark.checklist("A10")
def test_a_companys_organisation_number_is_accepted_on_the_page(login_as):
    number = factories.org_number()
    response = post(login_as(PURCHASER), "/providers/new",
                    _provider_form(org_number=number.replace("-", "\u2013")),
                    token_from="/providers/new")
    assert response.status_code == 302
    assert _count(Provider, Provider.org_number == number) == 1


@pytest.mark.checklist("A10")
def test_a_price_file_with_a_personnummer_in_an_add_on_is_refused_whole():
    """An imported price list stores its add-on text: the same rule as the forms."""
    provider = factories.provider()
    factories.service_type(code="importinsats", name="Importinsats")
    agreement = party_agreement(providers=[provider])
    rows = [[provider.org_number, "importinsats", "Tolk 850709\u00a09805", "2026-01-01", "",
             "4 850"], [provider.org_number, "importinsats", "Natt", "2026-01-01", "", "950"]]
    result = import_prices(agreement, csv_file(rows), None)
    assert not result.ok and result.items == []
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "Tillägg", "Tillägg får inte innehålla ett personnummer eller samordningsnummer.")]


@pytest.mark.checklist("A10")
def test_the_command_line_refuses_a_personnummer_as_a_display_name(app):
    result = app.test_cli_runner().invoke(args=[
        "registry", "create-user", "ny.samordnare@test.invalid", "--role", "coordinator",
        "--name", "Anna 850709\u20119805", "--password", "ett-långt-testlösenord-2026"])
    assert result.exit_code != 0
    assert "personnummer" in result.output
    assert db.session.scalar(select(User.id).where(
        User.email == "ny.samordnare@test.invalid")) is None
