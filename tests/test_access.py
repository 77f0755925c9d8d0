"""Walk every URL rule: login is required everywhere but a short allowlist, each role gets
exactly what its permissions allow, and case data never crosses a municipality line.
"""

import re

import pytest
from sqlalchemy import select

from registry.core.permissions import ROLE_PERMISSIONS, Permission, Role, permissions_for
from registry.core.security import PUBLIC_ENDPOINTS
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.placements.models import Placement

ROLE_USERS = {
    Role.PURCHASER: "purchaser.solna@demo.invalid",
    Role.CASE_OFFICER: "case_officer.solna@demo.invalid",
    Role.FINANCE: "finance.solna@demo.invalid",
    Role.COORDINATOR: "coordinator@demo.invalid",
    Role.ADMIN: "admin@demo.invalid",
}
# Endpoints every logged-in user may use: they show only the user's own things.
LOGIN_ONLY = {"dashboard.index", "auth.profile", "auth.logout", "auth.login",
              "auth.reauthenticate"}
MISSING_ID = 987654321


def _rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def _placement_id(slug):
    query = (select(Placement.id).join(Municipality, Placement.municipality_id == Municipality.id)
             .where(Municipality.slug == slug).order_by(Placement.id).limit(1))
    return db.session.scalar(query)


def _url(rule, placement_id):
    """Fill the rule's parameters: placements get the given id, other ids 1."""
    values = {}
    for name in rule.arguments:
        if name == "filename":
            values[name] = "css/app.css"
        elif name == "placement_id":
            values[name] = placement_id
        else:
            values[name] = 1
    path = rule.rule
    for name, value in values.items():
        path = re.sub(rf"<(?:[^:<>]+:)?{name}>", str(value), path)
    return path


def _methods(rule):
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def _required(app, rule):
    return getattr(app.view_functions[rule.endpoint], "required_permissions", None)


@pytest.mark.checklist("A1")
def test_every_endpoint_declares_its_policy(app):
    """A new route must be public, login-only, or guarded by named permissions."""
    undeclared = [rule.endpoint for rule in _rules(app)
                  if rule.endpoint not in PUBLIC_ENDPOINTS | LOGIN_ONLY
                  and not rule.endpoint.startswith("api.")
                  and _required(app, rule) is None]
    assert undeclared == []


def test_public_allowlist_is_short(app):
    assert PUBLIC_ENDPOINTS == {"auth.login", "health.healthz", "static", "pages.accessibility"}


def test_anonymous_is_sent_to_login_everywhere_else(app):
    client = app.test_client()
    placement = _placement_id("solna")
    checked = 0
    for rule in _rules(app):
        if rule.endpoint in PUBLIC_ENDPOINTS or rule.endpoint.startswith("api."):
            continue
        for method in _methods(rule):
            response = client.open(_url(rule, placement), method=method)
            if method == "POST" and response.status_code == 400:
                continue  # CSRF refuses before anything else; nothing was done
            assert response.status_code == 302, (rule.rule, method, response.status_code)
            assert response.headers["Location"].startswith("/login"), rule.rule
            checked += 1
    assert checked > 5


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.checklist("A1")
def test_each_role_gets_what_its_permissions_allow(app, login_as, role):
    client = login_as(ROLE_USERS[role])
    granted = permissions_for({role})
    placement = _placement_id("solna")
    for rule in _rules(app):
        if "GET" not in rule.methods or rule.endpoint.startswith("api."):
            continue
        required = _required(app, rule)
        response = client.get(_url(rule, placement))
        status = response.status_code
        assert status != 500, rule.rule
        if required and not set(required) <= granted:
            assert status == 403, (role, rule.rule, status)
        elif rule.endpoint not in PUBLIC_ENDPOINTS:
            assert status in {200, 404}, (role, rule.rule, status)


def test_roles_cover_all_permissions():
    every = set().union(*ROLE_PERMISSIONS.values())
    assert every == set(Permission)


@pytest.mark.parametrize("email", ["case_officer.solna@demo.invalid", "finance.solna@demo.invalid"])
@pytest.mark.checklist("A2")
def test_foreign_placement_is_the_same_404_as_a_missing_one(app, login_as, email):
    client = login_as(email)
    foreign = _placement_id("jarfalla")
    own = _placement_id("solna")
    assert foreign and own
    compared = 0
    for rule in _rules(app):
        if "placement_id" not in rule.arguments or "GET" not in rule.methods:
            continue
        if rule.endpoint.startswith("api."):
            continue
        own_response = client.get(_url(rule, own))
        if own_response.status_code == 403:
            continue  # the role may not see this page at all
        assert own_response.status_code == 200, rule.rule
        foreign_response = client.get(_url(rule, foreign))
        missing_response = client.get(_url(rule, MISSING_ID))
        assert foreign_response.status_code == missing_response.status_code == 404, rule.rule
        assert foreign_response.get_data() == missing_response.get_data(), rule.rule
        compared += 1
    if email.startswith("case_officer"):
        assert compared >= 1


@pytest.mark.checklist("A1")
def test_every_placement_page_is_scoped_by_municipality(app, login_as):
    """The Järfälla case officer sees Järfälla's placement and not Solna's."""
    client = login_as("case_officer.jarfalla@demo.invalid")
    own, foreign = _placement_id("jarfalla"), _placement_id("solna")
    assert client.get(f"/placements/{own}").status_code == 200
    assert client.get(f"/placements/{foreign}").status_code == 404
