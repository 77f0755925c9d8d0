"""HTTP hardening: headers on every GET route for every role (H1), generic errors with an
incident id (H2), trusted hosts and the client address behind the proxy (H3)."""

import logging

import pytest
from flask import request
from flask_limiter.util import get_remote_address
from sqlalchemy import select

from registry.auth.models import LoginFailure
from registry.core.permissions import Role
from registry.core.security import PUBLIC_ENDPOINTS
from registry.extensions import db
from tests.api.factories import bearer
from tests.conftest import csrf_token, make_app
from tests.security.support import (
    OWN,
    api_rules,
    case_ids,
    fill,
    page_rules,
    role_email,
    shared_ids,
)

PRODUCTION = {"ENV_NAME": "production", "SECRET_KEY": "p" * 40,
              "TRUSTED_HOSTS": "registret.example.se",
              "BASE_URL": "https://registret.example.se"}
VERSION_MARKERS = ("Werkzeug", "Python/", "Flask/", "gunicorn/")


def _assert_hardened(response, where):
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    script_src = next((part for part in csp.split(";") if "script-src" in part), "")
    assert "'self'" in script_src and "unsafe-inline" not in csp, where
    assert "frame-ancestors 'none'" in csp or headers.get("X-Frame-Options") == "DENY", where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") in {"same-origin", "no-referrer",
                                             "strict-origin-when-cross-origin"}, where
    assert headers.get("Cache-Control") == "no-store", where  # every page may show case data
    assert not any(m in headers.get("Server", "") for m in VERSION_MARKERS), where
    if response.mimetype == "text/html":
        body = response.get_data(as_text=True)
        assert not any(m in body for m in VERSION_MARKERS), where


@pytest.fixture
def values():
    found = {**shared_ids(), **case_ids(OWN)}
    db.session.commit()
    return found


@pytest.mark.checklist("H1")
@pytest.mark.parametrize("role", list(Role))
def test_every_get_route_carries_the_security_headers(app, login_as, values, role):
    client = login_as(role_email(role))
    headers = bearer(role_email(role))
    db.session.commit()
    checked = 0
    for rule in page_rules(app) + api_rules(app):
        if "GET" not in rule.methods:
            continue
        path = fill(rule, values)
        response = client.get(path, headers=headers if rule.endpoint.startswith("api.") else {})
        assert response.status_code != 500, path
        _assert_hardened(response, (role, path, response.status_code))
        checked += 1
    assert checked > 60


@pytest.mark.checklist("H1")
def test_anonymous_and_error_pages_carry_them_too(client):
    for path in ("/login", "/healthz", "/tillganglighet", "/finns-inte", "/api/v1/placements"):
        _assert_hardened(client.get(path), path)


@pytest.mark.checklist("H1")
def test_production_adds_hsts(database_url):
    app = make_app(database_url, **PRODUCTION)
    response = app.test_client().get("/login", base_url="https://registret.example.se")
    assert "max-age=" in response.headers["Strict-Transport-Security"]
    assert int(response.headers["Strict-Transport-Security"].split("max-age=")[1]
               .split(";")[0]) >= 31536000


@pytest.mark.checklist("H2")
def test_production_config_has_no_debug_and_no_propagation(database_url):
    app = make_app(database_url, **PRODUCTION)
    assert app.debug is False
    assert not app.config.get("PROPAGATE_EXCEPTIONS")
    assert app.testing is False


@pytest.mark.checklist("H2")
def test_an_api_500_is_json_with_an_incident_id_and_no_trace(database_url, caplog):
    app = make_app(database_url)

    @app.get("/api/boom")
    def api_boom():
        raise RuntimeError("secret internal detail")

    PUBLIC_ENDPOINTS.add("api_boom")
    try:
        with caplog.at_level(logging.ERROR):
            response = app.test_client().get("/api/boom")
    finally:
        PUBLIC_ENDPOINTS.discard("api_boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and "secret internal detail" not in body
    assert ".py" not in body
    incident = response.json["error"]["incident"]
    assert any(incident in record.getMessage() for record in caplog.records)


def _proxied_app(database_url, hops):
    app = make_app(database_url, PROXY_HOPS=hops)

    @app.get("/whoami")
    def whoami():
        return {"remote_addr": request.remote_addr, "limiter_key": get_remote_address()}

    PUBLIC_ENDPOINTS.add("whoami")
    return app


@pytest.fixture
def whoami_cleanup():
    yield
    PUBLIC_ENDPOINTS.discard("whoami")


@pytest.mark.checklist("H3")
@pytest.mark.usefixtures("whoami_cleanup")
def test_a_spoofed_extra_forwarded_hop_does_not_change_the_client_address(database_url):
    """Behind one proxy the client is the last X-Forwarded-For entry, whatever came before."""
    client = _proxied_app(database_url, hops=1).test_client()
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    honest = client.get("/whoami", headers={"X-Forwarded-For": "198.51.100.7"},
                        environ_base=proxy).json
    spoofed = client.get("/whoami", headers={"X-Forwarded-For": "203.0.113.66, 198.51.100.7"},
                         environ_base=proxy).json
    assert honest == spoofed == {"remote_addr": "198.51.100.7", "limiter_key": "198.51.100.7"}


@pytest.mark.checklist("H3")
@pytest.mark.usefixtures("whoami_cleanup")
def test_without_a_proxy_forwarded_headers_are_ignored(database_url):
    client = _proxied_app(database_url, hops=0).test_client()
    answer = client.get("/whoami", headers={"X-Forwarded-For": "203.0.113.66"},
                        environ_base={"REMOTE_ADDR": "192.0.2.10"}).json
    assert answer == {"remote_addr": "192.0.2.10", "limiter_key": "192.0.2.10"}


@pytest.mark.checklist("H3")
def test_the_login_throttle_records_the_real_client_behind_the_proxy(database_url):
    client = make_app(database_url, PROXY_HOPS=1).test_client()
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    headers = {"X-Forwarded-For": "203.0.113.66, 198.51.100.7"}
    token = csrf_token(client)
    client.post("/login", data={"email": "finance.solna@demo.invalid", "password": "fel-fel-fel",
                                "csrf_token": token}, headers=headers, environ_base=proxy)
    failure = db.session.scalars(select(LoginFailure).order_by(LoginFailure.id.desc())).first()
    assert failure.ip == "198.51.100.7"


@pytest.mark.checklist("H3")
@pytest.mark.parametrize("host", ["evil.example", "registret.example.se.evil.example"])
def test_an_untrusted_host_is_refused(database_url, host):
    app = make_app(database_url, **PRODUCTION)
    assert app.test_client().get("/login", base_url=f"https://{host}").status_code == 400
    ok = app.test_client().get("/login", base_url="https://registret.example.se")
    assert ok.status_code == 200
