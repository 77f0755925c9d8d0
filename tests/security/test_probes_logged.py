"""Probing is logged (A13): a foreign or missing id leaves one `denied` row, lists a `view` row.

Every case route of the pages and the API is asked for a record of another municipality and
for a missing one. Each answer is the same 404, and each leaves exactly one audit row: denied,
naming the route (endpoint) and the id asked for. The row is written apart from the request,
whose own writes are rolled back as before.
"""

import re

import pytest
from flask import Response
from sqlalchemy import func, select

from registry.core import audit
from registry.core.audit import AuditEvent
from registry.core.permissions import Role, permissions_for
from registry.core.transactions import commit_or_rollback, rollback_on_error
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.placements.models import Placement
from tests.api.factories import bearer
from tests.conftest import csrf_token
from tests.quality import factories as quality
from tests.security.support import (
    CASE_MODELS,
    FOREIGN,
    MISSING_ID,
    OWN,
    api_rules,
    case_ids,
    comparable,
    fill,
    methods,
    page_rules,
    role_email,
    shared_ids,
)
from tests.security.test_access_matrix import AUDIENCE, _api_body, _foreign_form, _required

pytestmark = pytest.mark.checklist("A13")

ROLES = [Role.CASE_OFFICER, Role.FINANCE]
# At least these routes are probed (placement, reports, follow-ups, deviations, invoices, claims,
# budgets, alerts); the matrix itself walks every rule with a case parameter.
PAGES = {
    Role.CASE_OFFICER: {"placements.detail", "placements.edit", "placements.timeline",
                        "placements.report_edit", "placements.follow_up_edit",
                        "placements.deviation_edit", "alerts.acknowledge"},
    Role.FINANCE: {"finance.placement", "finance.invoice_new", "finance.invoice_edit",
                   "finance.claim", "finance.claim_edit", "finance.claim_submit",
                   "finance.budget_edit", "alerts.snooze"},
}
API = {
    Role.CASE_OFFICER: {"api.get_placement", "api.update_placement", "api.list_reports",
                        "api.get_report", "api.update_report", "api.get_follow_up",
                        "api.get_deviation", "api.create_deviation"},
    Role.FINANCE: {"api.get_claim", "api.update_claim"},
}
_ARGUMENT = re.compile(r"<(?:[^<>]+:)?(\w+)>")


def _case_arguments(rule):
    """Return the rule's case-data parameters in the order the path names them."""
    return [name for name in _ARGUMENT.findall(rule.rule) if name in CASE_MODELS]


def _last_audit_id():
    return db.session.scalar(select(func.max(AuditEvent.id))) or 0


def _rows_after(last):
    db.session.expire_all()
    return [(e.action, e.entity, e.entity_id) for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.id > last).order_by(AuditEvent.id))]


@pytest.fixture
def ids():
    def make(role):
        values = {"own": case_ids(OWN, AUDIENCE[role]), "foreign": case_ids(FOREIGN,
                                                                             AUDIENCE[role]),
                  "shared": shared_ids()}
        db.session.commit()
        return values
    return make


def _probes(ids, names):
    """Yield (label, values, probed parameter, probed id): each case parameter in turn is
    foreign or missing while the ones before it are the user's own."""
    for position, name in enumerate(names):
        for which in ("foreign", "missing"):
            values = {**ids["shared"], **ids["own"]}
            for later in names[position:]:
                values[later] = ids["foreign"][later] if which == "foreign" else MISSING_ID
            yield which, values, name, values[name]


def _probe_once(client, method, path, **kwargs):
    last = _last_audit_id()
    response = client.open(path, method=method, **kwargs)
    return response, _rows_after(last)


@pytest.mark.parametrize("role", ROLES)
def test_every_case_page_logs_a_foreign_or_missing_id_once(app, login_as, ids, role):
    ids = ids(role)
    client = login_as(role_email(role))
    granted = permissions_for({role})
    probed = set()
    for rule in page_rules(app):
        names = _case_arguments(rule)
        if not names or not _required(app, rule) <= granted:
            continue
        for method in methods(rule):
            data = None
            if method == "POST":
                data = _foreign_form(app, rule, {**ids["shared"], **ids["foreign"]})
                data["csrf_token"] = csrf_token(client, "/")
            answers = {}
            for which, values, _name, asked in _probes(ids, names):
                response, rows = _probe_once(client, method, fill(rule, values), data=data)
                assert response.status_code == 404, (method, rule.rule, which)
                assert rows == [("denied", rule.endpoint, asked)], (method, rule.rule, which)
                answers[which] = comparable(response.get_data())
            assert answers["foreign"] == answers["missing"], rule.rule
            probed.add(rule.endpoint)
    assert PAGES[role] <= probed, PAGES[role] - probed


@pytest.mark.parametrize("role", ROLES)
def test_every_case_api_route_logs_a_foreign_or_missing_id_once(app, client, ids, role):
    ids = ids(role)
    headers = bearer(role_email(role))
    db.session.commit()
    granted = permissions_for({role})
    foreign_placement = db.session.get(Placement, ids["foreign"]["placement_id"])
    probed = set()
    for rule in api_rules(app):
        names = _case_arguments(rule)
        if not names or not _required(app, rule) <= granted:
            continue
        for method in methods(rule):
            body = _api_body(rule, method, foreign_placement)
            answers = {}
            for which, values, name, asked in _probes(ids, names):
                response, rows = _probe_once(client, method, fill(rule, values), json=body,
                                             headers=headers)
                where = (method, rule.rule, which, name)
                assert response.status_code == 404, where
                assert rows == [("denied", rule.endpoint, asked)], where
                answers[which, name] = response.json
            assert len(set(map(str, answers.values()))) == 1, rule.rule
            probed.add(rule.endpoint)
    assert API[role] <= probed, API[role] - probed


def test_a_foreign_placement_named_in_a_claim_body_is_logged(client, ids):
    ids = ids(Role.FINANCE)
    headers = bearer(role_email(Role.FINANCE))
    placement = db.session.get(Placement, ids["foreign"]["placement_id"])
    day = placement.start_date.isoformat()
    body = {"period_start": day, "period_end": day, "amount_ore": 100}
    for asked in (placement.id, MISSING_ID):
        response, rows = _probe_once(client, "POST", "/api/v1/claims", headers=headers,
                                     json={**body, "placement_id": asked})
        assert response.status_code == 404
        assert rows == [("denied", "api.create_claim", asked)]


@pytest.mark.parametrize(("path", "entity"), [("/finance/invoices", "invoices"),
                                              ("/finance/claims", "reimbursement_claims")])
def test_the_finance_lists_that_show_case_references_are_audited(login_as, path, entity):
    client = login_as(role_email(Role.FINANCE))
    response, rows = _probe_once(client, "GET", path)
    assert response.status_code == 200
    assert rows == [("view", entity, None)]


def test_the_denied_row_is_written_apart_and_the_requests_own_writes_are_rolled_back(app):
    """The denial does not commit the request: what the view had written is still lost."""
    last = _last_audit_id()
    with app.test_request_context("/placements/1"):
        audit.record("update", entity="placements", entity_id=1)  # the request's own write
        audit.record_denied("placements.detail", 1)
        answer = commit_or_rollback(Response(status=404))
        rollback_on_error(None)
    assert answer.status_code == 404
    assert _rows_after(last) == [("denied", "placements.detail", 1)]


def test_another_municipalitys_draft_assessment_is_logged_as_a_probe(login_as):
    foreign = db.session.scalar(select(Municipality).where(Municipality.slug == FOREIGN))
    draft = quality.assessment(municipality_=foreign, completed=False)
    db.session.commit()
    client = login_as(role_email(Role.PURCHASER))
    for asked in (draft.id, MISSING_ID):
        response, rows = _probe_once(client, "GET", f"/quality/assessments/{asked}")
        assert response.status_code == 404
        assert rows == [("denied", "quality.assessment", asked)]
