"""Sessions and authentication rows not already proven in tests/auth: password length limits
(U1), cookie attributes (U3), admin deactivation through the page (U4), a new session cookie at
login (U5), CSRF on every state-changing rule (U8), and every download behind a fresh login
(U7)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from registry.auth.services import create_user
from registry.core.permissions import Role
from registry.core.refusal import Refused
from registry.extensions import csrf, db
from tests import factories
from tests.conftest import DEMO_PASSWORD, login, make_app, post
from tests.security.support import (
    OWN,
    case_ids,
    fill,
    methods,
    page_rules,
    role_email,
    shared_ids,
)

PRODUCTION = {"ENV_NAME": "production", "SECRET_KEY": "p" * 40,
              "TRUSTED_HOSTS": "registret.example.se",
              "BASE_URL": "https://registret.example.se"}
HTTPS = "https://registret.example.se"


@pytest.mark.checklist("U1")
@pytest.mark.parametrize("password", ["tolv tecken!", "lösenord med mellanslag och 🙂 emoji",
                                      "x" * 64, "y" * 128])
def test_long_passwords_with_spaces_and_emoji_are_accepted(password):
    created = create_user(f"u{len(password)}@test.invalid", "Test", password, ["coordinator"])
    assert created.password_hash.startswith("$argon2id$")


@pytest.mark.checklist("U1")
@pytest.mark.parametrize("password", ["kort", "z" * 129])
def test_too_short_or_too_long_passwords_are_refused(password):
    with pytest.raises(Refused):
        create_user("avvisad@test.invalid", "Test", password, ["coordinator"])


@pytest.mark.checklist("U3")
def test_the_session_cookie_is_host_prefixed_secure_httponly_lax(database_url):
    # A second app has its own connection and sees only committed rows: a seeded account.
    client = make_app(database_url, **PRODUCTION).test_client()
    token = csrf_token_https(client)
    response = client.post("/login", base_url=HTTPS, headers={"Referer": f"{HTTPS}/login"}, data={
        "email": "finance.solna@demo.invalid", "password": DEMO_PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("__Host-session="))
    attributes = {part.strip().split("=")[0].lower() for part in session_cookie.split(";")[1:]}
    assert {"secure", "httponly", "path"} <= attributes and "domain" not in attributes
    assert "SameSite=Lax" in session_cookie and "Path=/" in session_cookie
    assert not any(c.lower().startswith("remember_token") for c in cookies)  # remember-me off


def csrf_token_https(client):
    page = client.get("/login", base_url=HTTPS).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


@pytest.mark.checklist("U4")
def test_deactivation_on_the_admin_page_ends_the_users_sessions(app, login_as):
    target = factories.user("purchaser", "sigtuna")
    victim = app.test_client()
    login(victim, target)
    assert victim.get("/").status_code == 200
    admin = login_as("admin")
    assert post(admin, f"/admin/anvandare/{target.id}/aktiv", {},
                token_from="/admin/anvandare").status_code == 302
    answer = victim.get("/")
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/login")


@pytest.mark.checklist("U5")
def test_login_issues_a_new_session_cookie_without_planted_values(client):
    with client.session_transaction() as sess:
        sess["planted"] = "by an attacker"
    before = client.get_cookie("session").value
    login(client, factories.user("finance", "solna"))
    assert client.get_cookie("session").value != before
    with client.session_transaction() as sess:
        assert "planted" not in sess and "_user_id" in sess


@pytest.fixture
def values():
    found = {**shared_ids(), **case_ids(OWN)}
    db.session.commit()
    return found


@pytest.mark.checklist("U8")
@pytest.mark.parametrize("email", ["admin@demo.invalid", "case_officer.jarfalla@demo.invalid",
                                   "finance.jarfalla@demo.invalid"])
def test_every_state_changing_rule_refuses_a_post_without_a_csrf_token(app, login_as, values,
                                                                        email):
    client = login_as(email)
    refused = 0
    for rule in page_rules(app):
        for method in methods(rule):
            if method == "GET":
                continue
            response = client.open(fill(rule, values), method=method, data={"x": "1"})
            assert response.status_code == 400, (method, rule.rule, response.status_code)
            assert "Felaktig begäran" in response.get_data(as_text=True)
            refused += 1
    assert refused > 40
    assert client.get("/").status_code == 200  # still logged in: logout too needs the token


@pytest.mark.checklist("U8")
def test_csrf_is_on_and_only_the_token_api_is_exempt(app):
    assert app.config.get("WTF_CSRF_ENABLED", True) is True
    assert {bp.name for bp in csrf._exempt_blueprints} == {"api"}  # bearer tokens, no cookie
    assert not csrf._exempt_views


# Downloads that need no fresh login, and why.
NOT_FRESH = {
    # One stored PDF about a provider (permit, audit report): a document, not a list of cases.
    "providers.download_document",
    # The open-data release of the shared agreements (OCDS), meant to be published.
    "agreements.ocds_package", "agreements.ocds_one",
}


@pytest.mark.checklist("U7")
@pytest.mark.parametrize("role", list(Role))
def test_every_list_download_needs_a_fresh_login(app, values, role):
    """Walk every GET route stale (16 minutes after login): no list file comes out."""
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        client = app.test_client()
        login(client, role_email(role))
        traveller.shift(timedelta(minutes=16))
        for rule in page_rules(app):
            if "GET" not in rule.methods or rule.endpoint in NOT_FRESH:
                continue
            for query in ("", "?format=csv"):
                response = client.get(fill(rule, values) + query)
                assert "attachment" not in response.headers.get("Content-Disposition", ""), \
                    rule.rule
    guarded = {rule.endpoint for rule in page_rules(app)
               if getattr(app.view_functions[rule.endpoint], "fresh_login_required", False)}
    assert {"placements.export", "finance.export_claims", "admin.audit_log_export",
            "admin.user_create", "finance.claim_decide"} <= guarded
