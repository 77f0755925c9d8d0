"""Providers, agreements and price items through the API: the same rules as the pages."""

from sqlalchemy import func, select

from registry.agreements.models import Agreement
from registry.agreements.permissions import party_ids
from registry.core.audit import AuditEvent
from registry.extensions import db
from tests import factories
from tests.api.factories import MISSING_ID, bearer, user
from tests.factories import org_number

PURCHASER = ("purchaser", "solna")


def _count(entity, action):
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.entity == entity, AuditEvent.action == action))


def test_every_api_route_is_guarded_by_named_permissions(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api.") and rule.endpoint not in {"api.docs",
                                                                      "api.openapi_json"}:
            assert getattr(app.view_functions[rule.endpoint], "required_permissions", None), \
                rule.rule


def test_docs_and_openapi_are_public(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert "/api/v1/placements/{placement_id}/reports" in spec["paths"]
    page = client.get("/api/v1/")
    assert page.status_code == 200 and "Authorization: Bearer" in page.get_data(as_text=True)


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/nothing-here", headers=bearer(PURCHASER))
    assert response.status_code == 404 and response.json["error"]["code"] == 404


def test_provider_list_is_paginated_filtered_and_sorted(client):
    headers = bearer(PURCHASER)
    body = client.get("/api/v1/providers?per_page=2&sort=-legal_name", headers=headers).json
    assert len(body["items"]) == 2 and body["total"] >= 2 and body["per_page"] == 2
    names = [row["legal_name"] for row in body["items"]]
    assert names == sorted(names, reverse=True)
    bad = client.get("/api/v1/providers?sort=password_hash", headers=headers)
    assert bad.status_code == 422 and "sort" in bad.json["error"]["fields"]


def test_provider_create_shares_the_pages_checks_and_audit(client):
    headers = bearer(PURCHASER)
    before = _count("provider", "create")
    bad = client.post("/api/v1/providers", headers=headers, json={
        "legal_name": "Ny AB", "org_number": "556677-8890", "org_form": "ab",
        "permit_number": "IVO-1"})
    assert bad.status_code == 422
    fields = bad.json["error"]["fields"]
    assert "org_number" in fields
    assert fields["permit_valid_until"] == ["Ange till och med vilket datum tillståndet gäller."]
    number = org_number()
    good = client.post("/api/v1/providers", headers=headers, json={
        "legal_name": "Ny AB", "org_number": number.replace("-", ""), "org_form": "ab",
        "service_type_ids": [1], "target_groups": ["adult"]})
    assert good.status_code == 201, good.json
    assert good.json["org_number"] == number and good.json["service_type_ids"] == [1]
    assert _count("provider", "create") == before + 1
    again = client.post("/api/v1/providers", headers=headers, json={
        "legal_name": "Kopia AB", "org_number": number, "org_form": "ab"})
    assert again.status_code == 422
    assert again.json["error"]["fields"]["org_number"] == [
        f"Det finns redan en utförare med organisationsnummer {number}."]


def test_provider_update_is_versioned(client):
    headers = bearer(PURCHASER)
    body = client.get("/api/v1/providers/1", headers=headers).json
    assert client.patch("/api/v1/providers/1", headers=headers,
                        json={"version": body["version"] + 1, "capacity": 3}).status_code == 409
    ok = client.patch("/api/v1/providers/1", headers=headers,
                      json={"version": body["version"], "capacity": 3})
    assert ok.status_code == 200 and ok.json["capacity"] == 3
    assert ok.json["legal_name"] == body["legal_name"]
    assert client.get(f"/api/v1/providers/{MISSING_ID}", headers=headers).status_code == 404


def test_case_officer_may_read_but_not_register_providers(client):
    headers = bearer(("case_officer", "solna"))
    assert client.get("/api/v1/providers", headers=headers).status_code == 200
    response = client.post("/api/v1/providers", headers=headers, json={})
    assert response.status_code == 403


def _foreign_agreement():
    solna = user(PURCHASER).municipality_id
    return next(a for a in db.session.scalars(select(Agreement)) if solna not in party_ids(a))


def test_agreement_rules_come_from_the_page(client):
    headers = bearer(PURCHASER)
    solna = user(PURCHASER).municipality_id
    payload = {"reference": "API-2026-01", "title": "Stödboende", "form": "framework",
               "lead_municipality_id": solna, "start_date": "2026-01-01",
               "end_date": "2025-12-31", "ceiling_ore": 100_000_00}
    bad = client.post("/api/v1/agreements", headers=headers, json=payload)
    assert bad.status_code == 422
    assert bad.json["error"]["fields"]["end_date"] == ["Avtalet kan inte sluta innan det börjar."]
    created = client.post("/api/v1/agreements", headers=headers,
                          json={**payload, "end_date": "2027-12-31"})
    assert created.status_code == 201, created.json
    assert created.json["ceiling_ore"] == 100_000_00
    other = [m for m in (solna + 1, solna - 1) if m > 0][0]
    not_party = client.post("/api/v1/agreements", headers=headers, json={
        **payload, "reference": "API-2026-02", "end_date": "2027-12-31",
        "lead_municipality_id": other})
    assert not_party.status_code == 422
    assert "participant_ids" in not_party.json["error"]["fields"]


def test_agreement_of_other_parties_cannot_be_changed_and_stale_is_409(client):
    headers = bearer(PURCHASER)
    foreign = _foreign_agreement()
    response = client.patch(f"/api/v1/agreements/{foreign.id}", headers=headers,
                            json={"version": foreign.version, "title": "X"})
    assert response.status_code == 403
    own = client.get("/api/v1/agreements?per_page=100&municipality_id="
                     f"{user(PURCHASER).municipality_id}", headers=headers).json["items"][0]
    stale = client.patch(f"/api/v1/agreements/{own['id']}", headers=headers,
                         json={"version": own["version"] + 2, "title": "X"})
    assert stale.status_code == 409


def test_price_items_list_and_create_with_the_price_rules(client):
    headers = bearer(PURCHASER)
    item = factories.priced_line("solna")[3]
    listed = client.get(f"/api/v1/price-items?agreement_id={item.agreement_id}",
                        headers=headers).json
    assert all(row["agreement_id"] == item.agreement_id for row in listed["items"])
    assert client.get(f"/api/v1/price-items/{item.id}",
                      headers=headers).json["price_ore"] == item.price_ore
    missing = client.post("/api/v1/price-items", headers=headers, json={
        "agreement_id": MISSING_ID, "provider_id": 1, "service_type_id": 1,
        "valid_from": "2026-01-01", "price_ore": 100})
    assert missing.status_code == 422 and "agreement_id" in missing.json["error"]["fields"]
    zero = client.post("/api/v1/price-items", headers=headers, json={
        "agreement_id": item.agreement_id, "provider_id": item.provider_id,
        "service_type_id": item.service_type_id, "valid_from": "2026-01-01", "price_ore": 0})
    assert zero.status_code in (403, 422)
    if zero.status_code == 422:
        assert zero.json["error"]["fields"]["price_ore"]
