"""Placements, their reports, follow-ups and deviations, and claims through the API:
scoped lists, the same 404 for foreign and missing ids, 422 with field messages, 409 when stale.
"""

import pytest
from sqlalchemy import func, select

from registry.core.audit import AuditEvent
from registry.extensions import db
from registry.finance.models import ReimbursementClaim
from registry.placements.models import MonthlyReport
from tests.api.factories import MISSING_ID, bearer, placement_of

OFFICER = ("case_officer", "solna")
FINANCE = ("finance", "solna")


def _audits(action, entity):
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == action, AuditEvent.entity == entity))


def test_a_solna_token_never_sees_jarfalla_placements(client):
    headers = bearer(OFFICER)
    placement_of("jarfalla")
    solna = placement_of("solna", running=False).municipality_id
    before = _audits("view", "placements")
    body = client.get("/api/v1/placements?per_page=100", headers=headers).json
    assert body["total"] >= 1
    assert {row["municipality_id"] for row in body["items"]} == {solna}
    assert _audits("view", "placements") == before + 1


@pytest.mark.parametrize("suffix", ["", "/reports", "/follow-ups", "/deviations"])
def test_foreign_placement_is_the_same_404_as_a_missing_one(client, suffix):
    headers = bearer(OFFICER)
    foreign = placement_of("jarfalla", running=False).id
    own = placement_of("solna", running=False).id
    assert client.get(f"/api/v1/placements/{own}{suffix}", headers=headers).status_code == 200
    foreign_answer = client.get(f"/api/v1/placements/{foreign}{suffix}", headers=headers)
    missing_answer = client.get(f"/api/v1/placements/{MISSING_ID}{suffix}", headers=headers)
    assert foreign_answer.status_code == missing_answer.status_code == 404
    assert foreign_answer.json == missing_answer.json


def test_reading_a_placement_is_audited(client):
    headers = bearer(OFFICER)
    own = placement_of("solna")
    before = _audits("view", "placements")
    assert client.get(f"/api/v1/placements/{own.id}", headers=headers).status_code == 200
    assert _audits("view", "placements") == before + 1


def test_a_purchaser_may_not_read_placements(client):
    response = client.get("/api/v1/placements", headers=bearer(("purchaser", "solna")))
    assert response.status_code == 403
    assert response.json["error"]["code"] == 403


def test_bad_placement_gets_422_with_the_pages_messages(client):
    response = client.post("/api/v1/placements", headers=bearer(OFFICER), json={
        "case_reference": "", "support_category": "youth", "age_band": "adult",
        "service_type_id": 1, "provider_id": 1, "start_date": "2026-13-01"})
    assert response.status_code == 422
    fields = response.json["error"]["fields"]
    assert fields["start_date"] == ["Ange datum som ÅÅÅÅ-MM-DD."]
    response = client.post("/api/v1/placements", headers=bearer(OFFICER), json={
        "case_reference": "19800101-0001", "support_category": "police_defector",
        "age_band": "26_plus", "service_type_id": 1, "provider_id": 1,
        "start_date": "2026-01-01"})
    assert response.status_code == 422
    assert "personnummer" in response.json["error"]["fields"]["case_reference"][0], response.json


def test_outside_agreement_placement_is_created_and_audited(client):
    headers = bearer(OFFICER)
    own = placement_of("solna")
    before = _audits("create", "placements")
    response = client.post("/api/v1/placements", headers=headers, json={
        "case_reference": "API-2026-1", "support_category": own.support_category,
        "age_band": own.age_band, "service_type_id": own.service_type_id,
        "provider_id": own.provider_id, "agreement_id": None,
        "outside_agreement_reason": "Ingen ramavtalsleverantör hade plats.",
        "daily_rate_ore": 250000, "start_date": "2026-10-01",
        "standing_confirmed": True, "standing_reason": "Enda lediga platsen."})
    assert response.status_code == 201, response.json
    body = response.json
    assert body["daily_rate_ore"] == 250000 and body["start_date"] == "2026-10-01"
    assert _audits("create", "placements") == before + 1
    missing_rate = client.post("/api/v1/placements", headers=headers, json={
        "case_reference": "API-2026-2", "support_category": own.support_category,
        "age_band": own.age_band, "service_type_id": own.service_type_id,
        "provider_id": own.provider_id, "outside_agreement_reason": "Skäl.",
        "start_date": "2026-10-01", "standing_confirmed": True, "standing_reason": "Skäl."})
    assert missing_rate.status_code == 422
    assert "daily_rate_ore" in missing_rate.json["error"]["fields"]


def test_stale_placement_update_gets_409_and_a_fresh_one_saves(client):
    headers = bearer(OFFICER)
    own = placement_of("solna")
    url = f"/api/v1/placements/{own.id}"
    version = client.get(url, headers=headers).json["version"]
    stale = client.patch(url, headers=headers, json={"version": version + 5,
                                                     "case_reference": "X-1"})
    assert stale.status_code == 409
    fresh = client.patch(url, headers=headers, json={"version": version,
                                                     "case_reference": "API-NY-REF"})
    assert fresh.status_code == 200, fresh.json
    assert fresh.json["case_reference"] == "API-NY-REF"
    assert fresh.json["version"] == version + 1


def test_foreign_placement_cannot_be_changed(client):
    foreign = placement_of("jarfalla")
    response = client.patch(f"/api/v1/placements/{foreign.id}", headers=bearer(OFFICER),
                            json={"version": foreign.version, "case_reference": "X"})
    assert response.status_code == 404


def test_follow_up_create_validate_and_stale(client):
    headers = bearer(OFFICER)
    own = placement_of("solna")
    url = f"/api/v1/placements/{own.id}/follow-ups"
    bad = client.post(url, headers=headers, json={"held_on": "2026-11-01", "participants": "",
                                                  "outcome": "Bra"})
    assert bad.status_code == 422
    assert bad.json["error"]["fields"]["participants"] == ["Fältet måste fyllas i."]
    created = client.post(url, headers=headers, json={
        "held_on": own.start_date.isoformat(), "participants": "Klienten, utföraren",
        "outcome": "Går enligt plan."})
    assert created.status_code == 201, created.json
    one = f"{url}/{created.json['id']}"
    assert client.patch(one, headers=headers, json={"version": 99,
                                                    "outcome": "X"}).status_code == 409
    assert client.patch(one, headers=headers, json={
        "version": created.json["version"], "outcome": "Ändrat."}).status_code == 200


def test_deviation_create_and_stale(client):
    headers = bearer(OFFICER)
    own = placement_of("solna")
    url = f"/api/v1/placements/{own.id}/deviations"
    bad = client.post(url, headers=headers, json={"occurred_on": "2026-11-01",
                                                  "kind": "nonsense", "reported_by": "police"})
    assert bad.status_code == 422 and "kind" in bad.json["error"]["fields"]
    created = client.post(url, headers=headers, json={
        "occurred_on": own.start_date.isoformat(), "kind": "non_participation",
        "reported_by": "provider", "description": "Uteblev från två samtal."})
    assert created.status_code == 201, created.json
    stale = client.patch(f"{url}/{created.json['id']}", headers=headers,
                         json={"version": 42, "meeting_on": own.start_date.isoformat()})
    assert stale.status_code == 409


def test_report_update_is_scoped_and_versioned(client):
    headers = bearer(OFFICER)
    report = db.session.scalars(select(MonthlyReport).where(
        MonthlyReport.placement_id == placement_of("solna").id)).one()
    url = f"/api/v1/placements/{report.placement_id}/reports/{report.id}"
    assert client.get(url, headers=headers).json["month"] == report.month.isoformat()
    assert client.patch(url, headers=headers, json={"version": 77}).status_code == 409
    bad = client.patch(url, headers=headers, json={"version": report.version,
                                                   "days_in_care": 40})
    assert bad.status_code == 422
    assert bad.json["error"]["fields"]["days_in_care"] == ["Ange ett antal dygn mellan 0 och 31."]
    ok = client.patch(url, headers=headers, json={"version": report.version,
                                                  "follow_up_note": "Läst och godkänd."})
    assert ok.status_code == 200, ok.json
    other = placement_of("jarfalla")
    assert client.get(f"/api/v1/placements/{other.id}/reports/{report.id}",
                      headers=headers).status_code == 404


def test_report_for_a_month_not_in_care_is_refused(client):
    own = placement_of("solna")
    response = client.post(f"/api/v1/placements/{own.id}/reports", headers=bearer(OFFICER),
                           json={"month": "2199-01-01", "source": "provider",
                                 "received_on": "2026-11-01"})
    assert response.status_code == 422
    assert response.json["error"]["fields"]


def test_claims_are_scoped_and_foreign_ids_are_404(client):
    headers = bearer(FINANCE)
    body = client.get("/api/v1/claims?per_page=100", headers=headers).json
    solna = placement_of("solna", running=False).municipality_id
    assert all(row["municipality_id"] == solna for row in body["items"])
    foreign = db.session.scalar(select(ReimbursementClaim.id).where(
        ReimbursementClaim.municipality_id != solna))
    if foreign:
        answer = client.get(f"/api/v1/claims/{foreign}", headers=headers)
        missing = client.get(f"/api/v1/claims/{MISSING_ID}", headers=headers)
        assert answer.status_code == missing.status_code == 404
        assert answer.json == missing.json


def test_claim_create_refusals_and_stale_update(client):
    headers = bearer(FINANCE)
    own = placement_of("solna")
    foreign = placement_of("jarfalla")
    base = {"period_start": own.start_date.isoformat(), "period_end": own.start_date.isoformat(),
            "amount_ore": 100}
    assert client.post("/api/v1/claims", headers=headers,
                       json={**base, "placement_id": foreign.id}).status_code == 404
    bad = client.post("/api/v1/claims", headers=headers,
                      json={**base, "placement_id": own.id, "amount_ore": "mycket"})
    assert bad.status_code == 422
    assert bad.json["error"]["fields"]["amount_ore"] == ["Ange ett heltal."]
    draft = db.session.scalar(select(ReimbursementClaim).where(
        ReimbursementClaim.municipality_id == own.municipality_id,
        ReimbursementClaim.status == "draft"))
    if draft:
        stale = client.patch(f"/api/v1/claims/{draft.id}", headers=headers,
                             json={"version": draft.version + 3, "amount_ore": 1})
        assert stale.status_code == 409


def test_case_officer_may_not_read_claims(client):
    assert client.get("/api/v1/claims", headers=bearer(OFFICER)).status_code == 403
