"""Add-ons (tillägg) from the user's side: attached on the placement page or through the API,
costed by their own unit, in the month's cost, the forecast and invoice reconciliation.

On the old code an add-on could not be attached at all (the routes answered 404), the costs
endpoint's `addons` was always [] and an invoice that included an add-on always mismatched.
"""

from datetime import date

import pytest
from sqlalchemy import select

from registry.core.audit import AuditEvent
from registry.extensions import db
from registry.finance.models import Invoice
from registry.placements.models import PlacementAddon
from tests import factories
from tests.api.factories import bearer
from tests.conftest import post
from tests.finance.test_units_http import _page_months, stat

DAY = date(2026, 10, 24)
START = date(2026, 9, 1)
RATE = 250_000  # 2 500 kr per dygn
SEPTEMBER_BASE = 30 * RATE
OFFICER, FINANCE = ("case_officer", "solna"), ("finance", "solna")


@pytest.fixture
def placement(clock):
    """A running Solna day-priced placement from 1 September, on an agreement with add-ons."""
    clock(DAY)
    found = factories.placement("solna", start_date=START, daily_rate_ore=RATE,
                                planned_end=date(2027, 3, 1), initial_period_end=date(2027, 3, 1))
    db.session.flush()
    found.items = {
        "förstärkt": factories.price_item(
            found.agreement, found.provider, found.service_type, addon="Förstärkt bemanning",
            unit="day", price_ore=150_000, valid_from=date(2026, 1, 1)),
        "tolk": factories.price_item(
            found.agreement, found.provider, found.service_type, addon="Tolk", unit="hour",
            price_ore=70_000, valid_from=date(2026, 1, 1)),
    }
    db.session.commit()
    return found


def _plain(text):
    """Return a shown amount with its narrow and no-break spaces as plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _costs(client, placement):
    answer = client.get(f"/api/v1/placements/{placement.id}/costs", headers=bearer(client.user))
    assert answer.status_code == 200
    return answer.get_json()


def _month(costs, month):
    [found] = [m for m in costs["months"] if m["month"] == month]
    return found["cost_ore"] + found["forecast_ore"]


def _attach_on_page(client, placement, **fields):
    path = f"/placements/{placement.id}/tillagg"
    data = {"price_item_id": "", "valid_from": "", "valid_to": "", "hours_per_month": "",
            **fields}
    return post(client, path, data, token_from=path)


def test_a_reinforced_staffing_add_on_from_mid_month_costs_exactly_its_days(login_as,
                                                                          placement):
    officer = login_as(OFFICER)
    page = officer.get(f"/placements/{placement.id}").get_data(as_text=True)
    assert "Tillägg" in page and f"/placements/{placement.id}/tillagg" in page
    item = placement.items["förstärkt"]
    answer = _attach_on_page(officer, placement, price_item_id=str(item.id),
                             valid_from="2026-09-16")
    assert answer.status_code == 302
    finance = login_as(FINANCE)
    costs = _costs(finance, placement)
    # 16–30 September: 15 dygn × 1 500 kr beside the base 30 × 2 500 kr
    assert _month(costs, "2026-09") == SEPTEMBER_BASE + 15 * 150_000
    [addon] = costs["addons"]
    assert _plain(addon["label"]) == "Förstärkt bemanning 1 500 kr/dygn"
    assert addon["unit"] == "day" and addon["valid_from"] == "2026-09-16"
    # October to date (1–24) and ahead (25–31): base and add-on every day of the month
    assert _month(costs, "2026-10") == 31 * (RATE + 150_000)
    html = finance.get(f"/finance/placements/{placement.id}").get_data(as_text=True)
    assert "Förstärkt bemanning" in html and "kr/dygn" in html
    assert stat(html, "Kostnad hittills") == costs["to_date_ore"]
    assert costs["to_date_ore"] == SEPTEMBER_BASE + 15 * 150_000 + 24 * (RATE + 150_000)
    shown = _page_months(html)
    assert {m["month"]: (m["quantity"], m["cost_ore"]) for m in costs["months"]} == shown
    audit = db.session.scalar(select(AuditEvent).where(
        AuditEvent.entity == "placement_addons", AuditEvent.action == "create"))
    assert audit is not None and audit.municipality_id == placement.municipality_id


def test_a_tolk_add_on_per_hour_through_the_api_costs_700_kr_per_hour(login_as, placement):
    headers = bearer(OFFICER)
    path = f"/api/v1/placements/{placement.id}/addons"
    item = placement.items["tolk"]
    refused = login_as(OFFICER).post(path, headers=headers, json={
        "price_item_id": item.id, "valid_from": "2026-09-01"})
    assert refused.status_code == 422
    assert "hours_per_month" in refused.get_json()["error"]["fields"]
    client = login_as(OFFICER)
    created = client.post(path, headers=headers, json={
        "price_item_id": item.id, "valid_from": "2026-09-01", "hours_per_month": 10})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert (body["name"], body["unit"], body["price_ore"]) == ("Tolk", "hour", 70_000)
    assert _plain(body["label"]) == "Tolk 700 kr/timme"
    listed = client.get(path, headers=headers).get_json()
    assert [a["id"] for a in listed] == [body["id"]]
    finance = login_as(FINANCE)
    costs = _costs(finance, placement)
    assert _month(costs, "2026-09") == SEPTEMBER_BASE + 10 * 70_000  # 10 timmar × 700 kr
    html = _plain(finance.get(f"/finance/placements/{placement.id}").get_data(as_text=True))
    assert "Tolk 700 kr/timme" in html


def _invoice_september(client, placement):
    path = f"/finance/placements/{placement.id}/invoices/new"
    data = {"invoice_number": "F-SEP", "period_start": "2026-09-01",
            "period_end": "2026-09-30", "days": "30", "amount": "79 000",
            "received_on": "2026-10-05", "note": ""}
    return post(client, path, data, token_from=path)


def _mismatch(placement):
    query = select(Invoice.mismatch_reason).where(Invoice.placement_id == placement.id)
    return db.session.scalar(query.execution_options(populate_existing=True))


def test_an_invoice_with_the_add_on_reconciles_only_once_the_add_on_is_attached(login_as,
                                                                              placement):
    """September invoiced 79 000 kr: 30 dygn × 2 500 kr + tolk 5 h × 800 kr per hour."""
    item = factories.price_item(placement.agreement, placement.provider, placement.service_type,
                                addon="Tolk kvällstid", unit="hour", price_ore=80_000,
                                valid_from=date(2026, 1, 1))
    db.session.commit()
    finance = login_as(FINANCE)
    assert _invoice_september(finance, placement).status_code == 302
    assert _mismatch(placement) == "Beloppet skiljer sig"  # without the add-on attached
    officer = login_as(OFFICER)
    answer = _attach_on_page(officer, placement, price_item_id=str(item.id),
                             valid_from="2026-09-01", hours_per_month="5")
    assert answer.status_code == 302
    assert _mismatch(placement) is None  # 75 000 + 5 × 800 = 79 000 kr: it agrees now
    html = finance.get(f"/finance/placements/{placement.id}").get_data(as_text=True)
    assert "Avviker" not in html.split("Fakturor", 1)[-1].split("</section>", 1)[0]


def test_the_page_refuses_an_add_on_before_the_start_and_keeps_the_typing(login_as,
                                                                         placement):
    officer = login_as(OFFICER)
    item = placement.items["förstärkt"]
    answer = _attach_on_page(officer, placement, price_item_id=str(item.id),
                             valid_from="2026-08-20", valid_to="2026-12-31")
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert "kan inte börja före placeringens start" in html
    assert 'value="2026-08-20"' in html and 'value="2026-12-31"' in html
    assert db.session.scalar(select(PlacementAddon.id)) is None


def test_ending_an_add_on_on_the_page_limits_its_cost(login_as, placement):
    officer = login_as(OFFICER)
    item = placement.items["förstärkt"]
    assert _attach_on_page(officer, placement, price_item_id=str(item.id),
                           valid_from="2026-09-16").status_code == 302
    addon = db.session.scalar(select(PlacementAddon))
    path = f"/placements/tillagg/{addon.id}/avslut"
    answer = post(officer, path, {"valid_to": "2026-09-20", "version": str(addon.version)},
                  token_from=path)
    assert answer.status_code == 302
    costs = _costs(login_as(FINANCE), placement)
    assert _month(costs, "2026-09") == SEPTEMBER_BASE + 5 * 150_000  # 16–20 September
    assert _month(costs, "2026-10") == 31 * RATE


def test_another_municipality_gets_404_on_the_add_on_routes(login_as, placement):
    item = placement.items["förstärkt"]
    officer = login_as(OFFICER)
    assert _attach_on_page(officer, placement, price_item_id=str(item.id),
                           valid_from="2026-09-16").status_code == 302
    addon = db.session.scalar(select(PlacementAddon))
    path = f"/api/v1/placements/{placement.id}/addons"
    for role in ("case_officer", "finance"):
        headers = bearer((role, "sundbyberg"))
        client = login_as((role, "sundbyberg"))
        assert client.get(path, headers=headers).status_code == 404
        costs = client.get(f"/api/v1/placements/{placement.id}/costs", headers=headers)
        assert costs.status_code == 404
    stranger = login_as(("case_officer", "sundbyberg"))
    created = stranger.post(path, headers=bearer(("case_officer", "sundbyberg")), json={
        "price_item_id": item.id, "valid_from": "2026-09-20"})
    assert created.status_code == 404
    assert stranger.get(f"/placements/{placement.id}/tillagg").status_code == 404
    assert stranger.get(f"/placements/tillagg/{addon.id}/avslut").status_code == 404
    assert len(db.session.scalars(select(PlacementAddon)).all()) == 1
