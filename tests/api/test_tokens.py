"""Tokens: shown once and stored hashed, expire, revoked and deactivated users get 401 at once,
and a browser session never authenticates an API request."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from registry.auth.models import ApiToken
from registry.auth.services import set_active
from registry.auth.tokens import PREFIX, hash_token
from registry.core.dates import utcnow
from registry.extensions import db
from tests.api.factories import bearer, user
from tests.conftest import post
from tests.factories import PASSWORD

EMAIL = ("purchaser", "solna")


def test_anonymous_api_request_gets_json_401_not_a_redirect(client):
    response = client.get("/api/v1/providers")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json["error"]["code"] == 401
    assert "API-nyckel" in response.json["error"]["message"]


def test_a_valid_token_reads_and_notes_its_use(client):
    headers = bearer(EMAIL)
    assert client.get("/api/v1/providers", headers=headers).status_code == 200
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user(EMAIL).id))
    assert token.last_used_at is not None


def test_garbage_and_wrong_scheme_get_401(client):
    plain = bearer(EMAIL)["Authorization"].split()[1]
    for header in (f"Basic {plain}", "Bearer nonsense", f"Bearer {PREFIX}x", "Bearer"):
        assert client.get("/api/v1/providers",
                          headers={"Authorization": header}).status_code == 401


def test_a_session_cookie_alone_does_not_authenticate_the_api(login_as):
    browser = login_as(EMAIL)
    assert browser.get("/providers/").status_code == 200
    assert browser.get("/api/v1/providers").status_code == 401


def test_api_posts_need_no_csrf_token_but_a_bearer_token(client):
    response = client.post("/api/v1/providers", json={"legal_name": "X"})
    assert response.status_code == 401


def test_profile_creates_a_token_shown_once_and_stores_only_its_hash(login_as):
    browser = login_as(EMAIL)
    response = post(browser, "/profil", {"form_name": "token", "label": "Verksamhetssystem"},
                    token_from="/profil")
    assert response.status_code == 200
    plain = re.search(r'id="new-token">([^<]+)<', response.get_data(as_text=True)).group(1)
    stored = db.session.scalar(select(ApiToken).where(ApiToken.label == "Verksamhetssystem"))
    assert stored.token_hash == hash_token(plain) and plain not in stored.token_hash
    assert stored.expires_at - stored.created_at == timedelta(days=90)
    assert plain not in browser.get("/profil").get_data(as_text=True)
    assert browser.get("/api/v1/providers",
                       headers={"Authorization": f"Bearer {plain}"}).status_code == 200


def test_profile_refuses_an_empty_label_with_422(login_as):
    browser = login_as(EMAIL)
    response = post(browser, "/profil", {"form_name": "token", "label": ""},
                    token_from="/profil")
    assert response.status_code == 422
    assert "Fältet måste fyllas i." in response.get_data(as_text=True)


@pytest.mark.checklist("U4")
def test_a_revoked_token_gets_401_at_once(login_as, client):
    headers = bearer(EMAIL)
    assert client.get("/api/v1/providers", headers=headers).status_code == 200
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user(EMAIL).id))
    browser = login_as(EMAIL)
    response = post(browser, "/profil", {"form_name": "revoke", "token_id": token.id},
                    token_from="/profil")
    assert response.status_code == 302
    assert client.get("/api/v1/providers", headers=headers).status_code == 401


def test_another_users_token_cannot_be_revoked(login_as, client):
    headers = bearer(("purchaser", "jarfalla"))
    token = db.session.scalar(select(ApiToken).order_by(ApiToken.id.desc()))
    browser = login_as(EMAIL)
    post(browser, "/profil", {"form_name": "revoke", "token_id": token.id},
         token_from="/profil")
    assert client.get("/api/v1/providers", headers=headers).status_code == 200


@pytest.mark.checklist("U4")
def test_a_deactivated_users_token_gets_401_at_once(client):
    headers = bearer(EMAIL)
    assert client.get("/api/v1/providers", headers=headers).status_code == 200
    set_active(user(EMAIL), False)
    assert client.get("/api/v1/providers", headers=headers).status_code == 401


def test_an_expired_token_gets_401(client):
    headers = bearer(EMAIL)
    token = db.session.scalar(select(ApiToken).order_by(ApiToken.id.desc()))
    token.expires_at = utcnow() - timedelta(seconds=1)
    assert client.get("/api/v1/providers", headers=headers).status_code == 401


def test_cli_create_token_prints_the_token_alone_on_its_last_line(app, client):
    result = app.test_cli_runner().invoke(args=["registry", "create-token", user(EMAIL).email])
    assert result.exit_code == 0, result.output
    plain = result.output.strip().splitlines()[-1]
    assert plain.startswith(PREFIX) and " " not in plain
    assert client.get("/api/v1/providers",
                      headers={"Authorization": f"Bearer {plain}"}).status_code == 200


def test_cli_create_token_refuses_an_unknown_user(app):
    result = app.test_cli_runner().invoke(args=["registry", "create-token", "nobody@x.invalid"])
    assert result.exit_code != 0


@pytest.mark.checklist("U8")
def test_only_the_api_blueprint_is_exempt_from_csrf():
    from registry.extensions import csrf

    assert {bp.name for bp in csrf._exempt_blueprints} == {"api"}
    assert not csrf._exempt_views


@pytest.mark.checklist("U10")
def test_a_password_change_revokes_every_token_of_the_user(login_as, client):
    headers = bearer(EMAIL)
    assert client.get("/api/v1/providers", headers=headers).status_code == 200
    browser = login_as(EMAIL)
    new_password = "ett helt nytt lösenord 2026"
    response = post(browser, "/profil", {"current_password": PASSWORD,
                                         "new_password": new_password, "confirm": new_password},
                    token_from="/profil")
    assert response.status_code == 302
    assert client.get("/api/v1/providers", headers=headers).status_code == 401
    page = browser.get("/profil").get_data(as_text=True)
    assert "Återkallad" in page and "Återkalla<" not in page  # no live token left to revoke


@pytest.mark.checklist("U10")
def test_reactivation_does_not_bring_tokens_back(login_as, client):
    headers = bearer(EMAIL)
    target = user(EMAIL)
    admin = login_as("admin")
    toggle = f"/admin/anvandare/{target.id}/aktiv"
    assert post(admin, toggle, {}, token_from="/admin/anvandare").status_code == 302
    assert client.get("/api/v1/providers", headers=headers).status_code == 401
    assert post(admin, toggle, {}, token_from="/admin/anvandare").status_code == 302
    db.session.refresh(target)
    assert target.active
    assert client.get("/api/v1/providers", headers=headers).status_code == 401
    tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == target.id)).all()
    assert tokens and all(token.revoked_at is not None for token in tokens)
