"""No mass assignment (A5): extra form or JSON fields never set municipality, owner, status,
approved amounts, version or id.

Each edit form is posted as the browser would send it (every field read from the page, so
the form is valid and saves) plus injected fields; each create form with valid values plus
the same. The saved row must keep what the application decides, not what was injected.
The API refuses unknown JSON fields outright (422), and nothing is written.
"""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from registry.agreements.models import Agreement
from registry.auth.models import User
from registry.extensions import db
from registry.finance.models import Budget, Invoice, ReimbursementClaim
from registry.placements.models import Deviation, FollowUp, MonthlyReport, Placement
from registry.providers.models import Provider
from tests.api.factories import bearer
from tests.conftest import csrf_token
from tests.finance import factories as money
from tests.security.support import FOREIGN, OWN, case_ids, form_values, municipality, user

pytestmark = pytest.mark.checklist("A5")


def _injected():
    foreign = municipality(FOREIGN).id
    intruder = user(("case_officer", FOREIGN)).id
    return {"municipality_id": foreign, "lead_municipality_id": foreign, "id": 999_999,
            "created_by_id": intruder, "owner_id": intruder, "case_officer_id": intruder,
            "decided_by_id": intruder, "status": "approved", "approved_ore": 99_999_999,
            "approved_amount_ore": 99_999_999, "paid_ore": 99_999_999, "version": 999,
            "active": "0", "session_version": 999, "placement_id": 1}


def _post_page_form(client, path, changes=None):
    """POST the page's own form back with `changes`, the injected fields added."""
    page = client.get(path)
    assert page.status_code == 200, path
    values = {name: found if len(found) > 1 else found[0]
              for name, found in form_values(page.get_data(as_text=True)).items()}
    values["csrf_token"] = csrf_token(client, path)
    extra = {k: v for k, v in _injected().items() if k not in values}
    return client.post(path, data={**values, **(changes or {}), **extra})


def _fresh(model, object_id):
    db.session.expire_all()
    return db.session.get(model, object_id)


EDITS = [
    ("case_officer", Placement, "placement_id", "/placements/{}/andra"),
    ("case_officer", MonthlyReport, "report_id", "/placements/rapporter/{}"),
    ("case_officer", FollowUp, "follow_up_id", "/placements/uppfoljningar/{}"),
    ("case_officer", Deviation, "deviation_id", "/placements/avvikelser/{}"),
    ("finance", Invoice, "invoice_id", "/finance/invoices/{}/edit"),
    ("finance", Budget, "budget_id", "/finance/budget/{}/edit"),
]


@pytest.mark.parametrize(("role", "model", "param", "path"), EDITS)
def test_an_edit_form_ignores_injected_fields(login_as, role, model, param, path):
    record_id = case_ids(OWN)[param]
    db.session.commit()
    before = _fresh(model, record_id)
    own_town, version = before.municipality_id, before.version
    creator = getattr(before, "created_by_id", None)
    response = _post_page_form(login_as((role, OWN)), path.format(record_id))
    assert response.status_code == 302, (path, response.status_code)
    after = _fresh(model, record_id)
    assert after.municipality_id == own_town
    assert after.version in {version, version + 1}  # the app's counter, never the injected 999
    assert getattr(after, "created_by_id", None) == creator
    assert db.session.get(model, 999_999) is None


def test_a_claim_edit_and_new_claim_keep_status_and_amounts(login_as):
    placement = money.placement(slug=OWN)
    db.session.commit()
    client = login_as("finance", OWN)
    path = f"/finance/placements/{placement.id}/claims/new"
    first = placement.start_date
    response = client.post(path, data={
        "period_start": first.isoformat(), "period_end": (first + timedelta(days=9)).isoformat(),
        "amount": "45 000", "csrf_token": csrf_token(client, path), **_injected()})
    assert response.status_code == 302
    claim = db.session.scalar(select(ReimbursementClaim)
                              .where(ReimbursementClaim.placement_id == placement.id))
    assert (claim.status, claim.approved_ore, claim.paid_ore, claim.municipality_id) == (
        "draft", None, None, placement.municipality_id)
    assert claim.created_by_id == user(("finance", OWN)).id
    edited = _post_page_form(client, f"/finance/claims/{claim.id}/edit")
    assert edited.status_code == 302
    claim = _fresh(ReimbursementClaim, claim.id)
    assert (claim.status, claim.approved_ore, claim.municipality_id) == (
        "draft", None, placement.municipality_id)


def test_a_new_report_belongs_to_the_placement_and_its_municipality(login_as):
    placement = money.placement(slug=OWN, days_ago=40)
    db.session.commit()
    client = login_as("case_officer", OWN)
    path = f"/placements/{placement.id}/rapporter/ny"
    month = placement.start_date.replace(day=1)
    response = client.post(path, data={
        "month": month.isoformat(), "source": "provider",
        "received_on": placement.start_date.isoformat(), "csrf_token": csrf_token(client, path),
        **{**_injected(), "placement_id": case_ids(FOREIGN)["placement_id"]}})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    report = db.session.scalar(select(MonthlyReport)
                               .where(MonthlyReport.placement_id == placement.id))
    assert report.municipality_id == placement.municipality_id
    assert report.version == 1


def test_a_provider_edit_keeps_its_status(login_as):
    provider = db.session.scalar(select(Provider).where(Provider.status == "active")
                                 .order_by(Provider.id))
    response = _post_page_form(login_as("purchaser", OWN),
                               f"/providers/{provider.id}/edit",
                               {"status": "terminated"})
    assert response.status_code == 302
    assert _fresh(Provider, provider.id).status == "active"


def test_an_agreement_edit_keeps_its_lead_municipality(login_as):
    town = municipality(OWN).id
    agreement = db.session.scalar(select(Agreement).where(Agreement.lead_municipality_id == town)
                                  .order_by(Agreement.id))
    response = _post_page_form(login_as("purchaser", OWN),
                               f"/agreements/{agreement.id}/edit")
    assert response.status_code == 302
    assert _fresh(Agreement, agreement.id).lead_municipality_id == town


def test_a_new_user_gets_only_what_the_form_allows(login_as):
    client = login_as("admin")
    path = "/admin/anvandare/ny"
    response = client.post(path, data={
        "email": "ny.ekonom@test.invalid", "display_name": "Ny Ekonom",
        "municipality": str(municipality(OWN).id), "roles": ["finance"],
        "password": "ett-långt-startlösenord", "csrf_token": csrf_token(client, path),
        **_injected(), "role": "admin"})
    assert response.status_code == 302
    created = db.session.scalar(select(User).where(User.email == "ny.ekonom@test.invalid"))
    assert (created.active, created.session_version, created.municipality_id) == (
        True, 1, municipality(OWN).id)
    assert {r.value for r in created.roles} == {"finance"}


API_WRITES = [
    ("case_officer", "POST", "/api/v1/placements/{placement_id}/follow-ups", FollowUp,
     lambda p: {"held_on": p.start_date.isoformat(), "participants": "Utföraren",
                "outcome": "Enligt plan."}),
    ("case_officer", "PATCH", "/api/v1/placements/{placement_id}", Placement,
     lambda p: {"version": p.version}),
    ("finance", "POST", "/api/v1/claims", ReimbursementClaim,
     lambda p: {"placement_id": p.id, "period_start": p.start_date.isoformat(),
                "period_end": p.start_date.isoformat(), "amount_ore": 100}),
]


@pytest.mark.parametrize(("role", "method", "path", "model", "body"), API_WRITES)
@pytest.mark.parametrize("field", ["municipality_id", "status", "approved_ore", "id",
                                   "created_by_id"])
def test_the_api_refuses_unknown_fields_and_writes_nothing(client, role, method, path, model,
                                                           body, field):
    placement = db.session.get(Placement, case_ids(OWN)["placement_id"])
    headers = bearer((role, OWN))
    db.session.commit()
    rows = db.session.scalar(select(func.count()).select_from(model))
    version = placement.version
    payload = {**body(placement), field: _injected()[field]}
    response = client.open(path.format(placement_id=placement.id), method=method,
                           json=payload, headers=headers)
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"]
    assert db.session.scalar(select(func.count()).select_from(model)) == rows
    assert _fresh(Placement, placement.id).version == version
