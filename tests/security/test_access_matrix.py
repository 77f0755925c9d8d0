"""The route x method x role x municipality matrix (A1, A2), for pages and the API.

Every URL rule with an id is requested with every method it accepts, by anonymous and by each
role, on a record of the user's own municipality, of another municipality, and a missing id.
POSTs carry a valid CSRF token, so the answer is the access decision rather than a 400.
Expected: anonymous -> login (pages) or 401 (API); a role without the route's permissions ->
403; with them, the own record answers and a foreign case record is the very same 404 as a
missing one. Posting a valid form to a foreign record changes nothing.
"""

from datetime import timedelta

import pytest
from sqlalchemy import select

from registry.alerts.models import Alert
from registry.core.permissions import CASE_DATA, Permission, Role, permissions_for
from registry.extensions import db
from registry.finance.models import Budget, Invoice, ReimbursementClaim
from registry.placements.models import (
    Deviation,
    Extension,
    FollowUp,
    MonthlyReport,
    Placement,
    PlacementAddon,
    RateChange,
)
from tests.api.factories import bearer
from tests.conftest import csrf_token, login
from tests.security.support import (
    CASE_MODELS,
    FOREIGN,
    MISSING_ID,
    OWN,
    api_rules,
    case_ids,
    comparable,
    fill,
    form_values,
    methods,
    municipality,
    page_rules,
    role_email,
    shared_ids,
)

pytestmark = pytest.mark.checklist("A1", "A2")

CASE_TABLES = (Placement, MonthlyReport, FollowUp, Deviation, Extension, RateChange, Invoice,
               ReimbursementClaim, Budget, Alert, PlacementAddon)
# Statuses a permitted user may get on an own or shared record: the page, a redirect after a
# save, a refused form (422) or a stale version (409). Never 500, never 404 for own records.
ANSWERED = {200, 201, 302, 409, 422}


def _with_id(rule):
    return any(name.endswith("_id") for name in rule.arguments)


def _is_case(rule):
    return any(name in CASE_MODELS for name in rule.arguments)


def _required(app, rule):
    return set(getattr(app.view_functions[rule.endpoint], "required_permissions", ()) or ())


def _snapshot(slug):
    """Return every case row of the municipality as plain tuples (to prove nothing changed)."""
    db.session.expire_all()
    town = municipality(slug).id
    rows = []
    for model in CASE_TABLES:
        columns = model.__table__.columns
        query = select(*columns).where(columns["municipality_id"] == town).order_by(columns["id"])
        rows.append((model.__tablename__, [tuple(r) for r in db.session.execute(query)]))
    return rows


@pytest.fixture
def ids():
    values = {"own": case_ids(OWN), "foreign": case_ids(FOREIGN), "shared": shared_ids()}
    db.session.commit()
    return values


def _values(ids, which):
    if which == "missing":
        return {**ids["shared"], **dict.fromkeys(CASE_MODELS, MISSING_ID)}
    return {**ids["shared"], **ids[which]}


def _page(client, method, path, data=None):
    return client.open(path, method=method, data=data if method == "POST" else None)


def test_anonymous_gets_the_login_page_or_401_for_every_rule_and_method(app, ids):
    client = app.test_client()
    token = csrf_token(client, "/login")
    checked = 0
    for rule in page_rules(app) + api_rules(app):
        if not _with_id(rule):
            continue
        for method in methods(rule):
            path = fill(rule, _values(ids, "own"))
            if rule.endpoint.startswith("api."):
                assert client.open(path, method=method, json={}).status_code == 401, path
            else:
                response = _page(client, method, path, {"csrf_token": token})
                assert response.status_code == 302, (method, path)
                assert response.headers["Location"].startswith("/login"), path
            checked += 1
    assert checked > 60


AUDIENCE = {Role.PURCHASER: "purchaser", Role.CASE_OFFICER: "case_officer",
            Role.FINANCE: "finance"}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_on_own_records_of_every_rule_and_method(app, login_as, ids, role):
    if role in AUDIENCE:  # an alert is found only by the roles it is meant for
        ids["own"] = case_ids(OWN, AUDIENCE[role])
        db.session.commit()
    client = login_as(role_email(role))
    token = csrf_token(client, "/")
    granted = permissions_for({role})
    outcomes = {}
    for rule in page_rules(app):
        if not _with_id(rule):
            continue
        required = _required(app, rule)
        for method in methods(rule):
            response = _page(client, method, fill(rule, _values(ids, "own")),
                             {"csrf_token": token})
            status = response.status_code
            if not required <= granted:
                assert status == 403, (role, method, rule.rule, status)
            elif (method == "GET" and _is_case(rule)
                  and rule.endpoint not in NOT_FOUND_FOR.get(role, set())):
                assert status == 200, (role, rule.rule, status)  # the own record opens
            else:
                outcomes[(method, rule.endpoint)] = status
    expected = {key: status for key, status in outcomes.items() if status not in ANSWERED}
    # A shared record may carry its own rule: only the agreement's party municipalities
    # change it (403 with the permission held; the chosen agreement is not Järfälla's).
    refused = {endpoint for (_, endpoint), status in expected.items() if status == 403}
    missing = {endpoint for (_, endpoint), status in expected.items() if status == 404}
    assert set(expected.values()) <= {403, 404}, expected
    assert refused <= OBJECT_RULES, expected
    assert missing <= NOT_FOUND_FOR.get(role, set()) | NO_DEMO_RECORD, expected


OBJECT_RULES = {
    "agreements.edit", "agreements.edit_terms", "agreements.add_option",
    "agreements.decide_option", "agreements.add_price_item", "agreements.end_price_item",
    "agreements.import_price_list", "agreements.add_provider", "agreements.remove_provider",
    "agreements.upload_document",
}


ALERT_ACTIONS = {"alerts.acknowledge", "alerts.reopen", "alerts.snooze"}
# The coordinator and the administrator may open the inbox, but no alert is meant for them.
NOT_FOUND_FOR = {Role.COORDINATOR: ALERT_ACTIONS, Role.ADMIN: ALERT_ACTIONS}
# The demo seeds no provider document (downloads are proven in tests/providers, row D7) and
# no police decision letter (tests/finance/test_claim_papers.py).
NO_DEMO_RECORD = {"providers.download_document", "finance.claim_decision_letter_file"}


def _foreign_form(app, rule, values):
    """Return the form a foreign municipality's own user would send (a valid submit)."""
    path = fill(rule, values)
    if "GET" not in rule.methods:
        path = path.rsplit("/", 1)[0]  # a POST-only step: the form is on the record's page
    for role in (Role.CASE_OFFICER, Role.FINANCE):
        owner = app.test_client()
        login(owner, role_email(role, FOREIGN))
        page = owner.get(path)
        if page.status_code == 200:
            return {name: found[0] if len(found) == 1 else found
                    for name, found in form_values(page.get_data(as_text=True)).items()}
    return {}


@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.FINANCE])
def test_a_foreign_case_record_is_a_missing_one_and_stays_unchanged(app, login_as, ids, role):
    ids["own"], ids["foreign"] = case_ids(OWN, AUDIENCE[role]), case_ids(FOREIGN, AUDIENCE[role])
    db.session.commit()
    client = login_as(role_email(role))
    granted = permissions_for({role})
    before = _snapshot(FOREIGN)
    compared = 0
    for rule in page_rules(app):
        if not _is_case(rule) or not _required(app, rule) <= granted:
            continue
        for method in methods(rule):
            data = None
            if method == "POST":
                data = _foreign_form(app, rule, _values(ids, "foreign"))
                data["csrf_token"] = csrf_token(client, "/")
                data.update({k: data["csrf_token"] for k in data if k.endswith("-csrf_token")})
            foreign = _page(client, method, fill(rule, _values(ids, "foreign")), data)
            missing = _page(client, method, fill(rule, _values(ids, "missing")), data)
            assert foreign.status_code == missing.status_code == 404, (method, rule.rule)
            assert comparable(foreign.get_data()) == comparable(missing.get_data()), rule.rule
            own = _page(client, "GET", fill(rule, _values(ids, "own"))) if method == "GET" else None
            assert own is None or own.status_code == 200, rule.rule
            compared += 1
    assert compared >= 10
    assert _snapshot(FOREIGN) == before


# Only the agreement's party municipalities change it (the same rule as the page).
API_OBJECT_RULES = {"api.patch_agreement"}
API_ROLE_USERS = [Role.PURCHASER, Role.CASE_OFFICER, Role.FINANCE, Role.COORDINATOR, Role.ADMIN]


def _api_body(rule, method, placement):
    """A valid body for the API write (so only the access decision can refuse it)."""
    start = placement.start_date.isoformat()
    month = placement.start_date.replace(day=1).isoformat()
    if method == "PATCH":
        return {"version": 1}
    if rule.endpoint == "api.create_follow_up":
        return {"held_on": start, "participants": "Utföraren", "outcome": "Enligt plan."}
    if rule.endpoint == "api.create_deviation":
        return {"occurred_on": start, "kind": "non_participation", "reported_by": "provider",
                "description": "Uteblev."}
    if rule.endpoint == "api.create_report":
        return {"month": month, "source": "police", "received_on": start}
    if rule.endpoint == "api.create_addon":
        return {"valid_from": start, "name": "Tolk", "unit": "hour", "price_ore": 70_000,
                "hours_per_month": 4}
    return {}


@pytest.mark.parametrize("role", API_ROLE_USERS)
def test_api_matrix_for_every_rule_with_an_id(app, client, ids, role):
    headers = bearer(role_email(role))
    db.session.commit()
    granted = permissions_for({role})
    before = _snapshot(FOREIGN)
    foreign_placement = db.session.get(Placement, ids["foreign"]["placement_id"])
    for rule in api_rules(app):
        if not _with_id(rule):
            continue
        required = _required(app, rule)
        for method in methods(rule):
            body = _api_body(rule, method, foreign_placement)
            own = client.open(fill(rule, _values(ids, "own")), method=method, json=body,
                              headers=headers)
            if not required <= granted:
                assert own.status_code == 403, (role, method, rule.rule, own.status_code)
                continue
            refused = {401, 404, 500} | ({403} if rule.endpoint not in API_OBJECT_RULES else set())
            assert own.status_code not in refused, (role, method, rule.rule, own.status_code)
            if not _is_case(rule):
                continue
            foreign = client.open(fill(rule, _values(ids, "foreign")), method=method,
                                  json=body, headers=headers)
            missing = client.open(fill(rule, _values(ids, "missing")), method=method,
                                  json=body, headers=headers)
            assert foreign.status_code == missing.status_code == 404, (method, rule.rule)
            assert foreign.json == missing.json, rule.rule
    assert _snapshot(FOREIGN) == before


def test_api_foreign_placement_cannot_be_named_in_a_new_claim(client, ids):
    """A claim body naming a foreign placement is the same 404 as a missing placement."""
    headers = bearer(role_email(Role.FINANCE))
    placement = db.session.get(Placement, ids["foreign"]["placement_id"])
    day = placement.start_date.isoformat()
    body = {"period_start": day, "period_end": (placement.start_date + timedelta(days=1))
            .isoformat(), "amount_ore": 100}
    before = _snapshot(FOREIGN)
    foreign = client.post("/api/v1/claims", headers=headers,
                          json={**body, "placement_id": placement.id})
    missing = client.post("/api/v1/claims", headers=headers,
                          json={**body, "placement_id": MISSING_ID})
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json == missing.json
    assert _snapshot(FOREIGN) == before


def test_the_matrix_knows_every_case_permission():
    """A new case-data permission must be thought about here (its routes are in the matrix)."""
    case = {Permission.PLACEMENTS_VIEW, Permission.PLACEMENT_MONEY_VIEW, Permission.PLACEMENTS_EDIT,
            Permission.PLACEMENTS_REPORT_CREATE, Permission.RATES_CONFIRM, Permission.FINANCE_VIEW,
            Permission.FINANCE_EDIT, Permission.CLAIMS_APPROVE}
    assert CASE_DATA == case
