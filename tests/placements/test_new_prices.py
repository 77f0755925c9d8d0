"""A new agreement price from day D reaches the running placements it concerns (issue 18).

Seen: after the list moved from 4 100 to 4 300 kr, a placement's January forecast stayed
4 100 and nothing prompted anyone. Now each municipality's case officers and finance see
their own running placements listed, confirm, and the rate changes from D.
"""

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from registry.agreements.models import PriceListItem
from registry.core.audit import AuditEvent
from registry.extensions import db
from registry.finance import calculations as calc
from registry.finance.queries import plans
from registry.placements.models import Placement, RateChange
from tests import factories
from tests.agreements.factories import party_agreement
from tests.conftest import csrf_token, post

TODAY = date(2026, 11, 20)
D = date(2027, 1, 1)
LIST = "/placements/nya-priser"


@pytest.fixture
def line(clock):
    """A joint agreement (Järfälla leads, Solna takes part) at 4 100 kr a day, one placement
    running in each municipality."""
    clock(TODAY)
    provider = factories.provider(status="active")
    service = factories.service_type(name="Skyddat boende test")
    agreement = party_agreement("jarfalla", participants=["solna"], providers=[provider],
                                start_date=date(2026, 1, 1), end_date=date(2028, 12, 31))
    item = factories.price_item(agreement, provider, service, price_ore=410_000,
                                valid_from=date(2026, 1, 1))
    placements = {town: factories.placement(
        town, agreement, case_reference=f"{town.upper()}-2026-17", provider_id=provider.id,
        service_type_id=service.id, price_item_id=item.id, daily_rate_ore=410_000,
        start_date=date(2026, 10, 1), initial_period_end=date(2027, 4, 1),
        planned_end=date(2027, 4, 1)) for town in ("jarfalla", "solna")}
    db.session.commit()
    return agreement, provider, service, placements


def _new_price(login_as, agreement, provider, service):
    """The purchaser moves the price to 4 300 kr from D, ending the open-ended 4 100."""
    client = login_as("purchaser", "jarfalla")
    path = f"/agreements/{agreement.id}/prices/new"
    response = post(client, path, {
        "provider_id": provider.id, "service_type_id": service.id, "addon": "",
        "valid_from": D.isoformat(), "valid_to": "", "price": "4 300",
        "close_current": "y"}, token_from=path)
    assert response.status_code == 302, response.get_data(as_text=True)


def _month_cost(placement, month_first, month_last):
    db.session.expire_all()
    plan = plans(select(Placement).where(Placement.id == placement.id))[placement.id]
    return calc.cost(plan.schedule, month_first, month_last)


def _changes(placement):
    return db.session.scalar(select(func.count()).select_from(RateChange).where(
        RateChange.placement_id == placement.id))


def test_the_case_officer_confirms_a_new_price_and_the_forecast_follows(login_as, line):
    agreement, provider, service, placements = line
    jarfalla, solna = placements["jarfalla"], placements["solna"]
    assert _month_cost(jarfalla, D, date(2027, 1, 31)) == 31 * 410_000
    _new_price(login_as, agreement, provider, service)

    officer = login_as("case_officer", "jarfalla")
    assert "Nya priser att bekräfta" in officer.get("/placements/").get_data(as_text=True)
    html = officer.get(LIST).get_data(as_text=True)
    assert "JARFALLA-2026-17" in html and "SOLNA-2026-17" not in html
    assert "4\u00a0300" in html and "2027-01-01" in html

    confirm = f"/placements/{jarfalla.id}/nya-priser/{_new_item_id(agreement)}"
    assert post(officer, confirm, {}, token_from=LIST).status_code == 302
    assert _month_cost(jarfalla, D, date(2027, 1, 31)) == 31 * 430_000
    assert _month_cost(jarfalla, date(2027, 2, 1), date(2027, 2, 28)) == 28 * 430_000
    assert _month_cost(jarfalla, date(2026, 12, 1), date(2026, 12, 31)) == 31 * 410_000
    assert _month_cost(solna, D, date(2027, 1, 31)) == 31 * 410_000  # Solna decides itself

    change = db.session.scalar(select(RateChange).where(RateChange.placement_id == jarfalla.id))
    assert (change.valid_from, change.daily_rate_ore) == (D, 430_000)
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.entity == "placement_rate_changes", AuditEvent.entity_id == change.id,
        AuditEvent.action == "create"))
    assert event.user_id == officer.user.id
    assert event.municipality_id == jarfalla.municipality_id
    assert event.changes["daily_rate_ore"] == {"before": None, "after": 430_000}

    # Confirming twice records one change; the list is empty now.
    post(officer, confirm, {}, token_from=LIST)
    assert _changes(jarfalla) == 1
    html = officer.get(LIST).get_data(as_text=True)
    assert "JARFALLA-2026-17" not in html and "Inga nya avtalspriser" in html


def test_another_municipality_neither_sees_nor_confirms_the_placement(login_as, line):
    agreement, provider, service, placements = line
    _new_price(login_as, agreement, provider, service)
    solna = login_as("case_officer", "solna")
    html = solna.get(LIST).get_data(as_text=True)
    assert "SOLNA-2026-17" in html and "JARFALLA-2026-17" not in html
    foreign = f"/placements/{placements['jarfalla'].id}/nya-priser/{_new_item_id(agreement)}"
    assert post(solna, foreign, {}, token_from=LIST).status_code == 404
    assert _changes(placements["jarfalla"]) == 0


def test_finance_confirms_from_the_finance_page(login_as, line):
    agreement, provider, service, placements = line
    _new_price(login_as, agreement, provider, service)
    finance = login_as("finance", "jarfalla")
    assert "Nya priser att bekräfta" in finance.get("/finance/").get_data(as_text=True)
    assert "JARFALLA-2026-17" in finance.get(LIST).get_data(as_text=True)
    confirm = f"/placements/{placements['jarfalla'].id}/nya-priser/{_new_item_id(agreement)}"
    assert post(finance, confirm, {}, token_from=LIST).status_code == 302
    assert _changes(placements["jarfalla"]) == 1


def test_a_placement_out_of_care_on_d_or_starting_on_d_is_not_listed(login_as, line):
    agreement, provider, service, placements = line
    ended = placements["jarfalla"]
    ended.end_date, ended.end_reason = D, "completed_as_planned"  # departure day: not in care
    factories.placement("jarfalla", agreement, case_reference="JARFALLA-2027-1",
                        provider_id=provider.id, service_type_id=service.id,
                        daily_rate_ore=410_000, start_date=D)
    db.session.commit()
    _new_price(login_as, agreement, provider, service)
    html = login_as("case_officer", "jarfalla").get(LIST).get_data(as_text=True)
    assert "JARFALLA-2026-17" not in html and "JARFALLA-2027-1" not in html
    assert "Inga nya avtalspriser" in html


def test_a_per_programme_placement_is_not_offered_a_later_price(login_as, line):
    agreement, provider, service, placements = line
    service.unit = "programme"  # paid once at the start (DESIGN §2a)
    for placement in placements.values():
        placement.rate_unit = "programme"
    db.session.commit()
    _new_price(login_as, agreement, provider, service)
    html = login_as("case_officer", "jarfalla").get(LIST).get_data(as_text=True)
    assert "JARFALLA-2026-17" not in html


def test_an_imported_price_is_offered_and_confirmed_from_the_placement_page(login_as, line):
    agreement, provider, service, placements = line
    purchaser = login_as("purchaser", "jarfalla")
    old = db.session.scalar(select(PriceListItem).where(PriceListItem.agreement_id == agreement.id))
    end = f"/agreements/{agreement.id}/prices/{old.id}/end"
    assert post(purchaser, end, {"valid_to": (D - timedelta(days=1)).isoformat(),
                                 "version": old.version}, token_from=end).status_code == 302
    path = f"/agreements/{agreement.id}/prices/import"
    rows = ["Organisationsnummer;Insats;Tillägg;Gäller från;Gäller till;Pris (kr)",
            f"{provider.org_number};{service.code};;{D.isoformat()};;4 300"]
    content = ("\r\n".join(rows) + "\r\n").encode("utf-8-sig")
    response = purchaser.post(path, data={"csrf_token": csrf_token(purchaser, path),
                                          "file": (io.BytesIO(content), "priser.csv")},
                              content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)

    officer = login_as("case_officer", "jarfalla")
    page = f"/placements/{placements['jarfalla'].id}"
    html = officer.get(page).get_data(as_text=True)
    assert "Bekräfta nytt pris från 2027-01-01" in html
    confirm = f"/placements/{placements['jarfalla'].id}/nya-priser/{_new_item_id(agreement)}"
    response = post(officer, confirm, {"back": "placement"}, token_from=page)
    assert response.status_code == 302 and response.location.endswith(page)
    assert _month_cost(placements["jarfalla"], D, date(2027, 1, 31)) == 31 * 430_000


def _new_item_id(agreement):
    return db.session.scalar(select(PriceListItem.id).where(
        PriceListItem.agreement_id == agreement.id, PriceListItem.valid_from == D))
