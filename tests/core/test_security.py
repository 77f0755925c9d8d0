"""Security headers on every response; case-data pages are never cached."""

import pytest

from tests.conftest import make_app


@pytest.mark.checklist("H1")
def test_headers_on_public_and_private_pages(client, login_as):
    for response in (client.get("/login"), login_as("case_officer", "solna").get("/")):
        headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cache-Control"] == "no-store"


@pytest.mark.checklist("H1", "U3")
def test_production_sets_hsts_and_secure_host_cookie(database_url):
    app = make_app(database_url, ENV_NAME="production", SECRET_KEY="p" * 40,
                   TRUSTED_HOSTS="registret.example.se",
                   BASE_URL="https://registret.example.se")
    response = app.test_client().get("/login", base_url="https://registret.example.se")
    assert "max-age=" in response.headers["Strict-Transport-Security"]
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.debug is False


@pytest.mark.checklist("H3")
def test_untrusted_host_is_refused(database_url):
    app = make_app(database_url, ENV_NAME="production", SECRET_KEY="p" * 40,
                   TRUSTED_HOSTS="registret.example.se",
                   BASE_URL="https://registret.example.se")
    response = app.test_client().get("/login", base_url="https://evil.example")
    assert response.status_code == 400
