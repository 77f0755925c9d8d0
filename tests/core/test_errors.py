"""Error pages speak plain Swedish, hide internals and carry an incident id."""

import logging

import pytest

from tests.conftest import make_app


def test_unknown_page_is_a_swedish_404(login_as):
    client = login_as("purchaser", "solna")
    response = client.get("/finns-inte")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.get_data(as_text=True)


@pytest.mark.checklist("H2")
def test_unexpected_error_shows_incident_id_and_no_trace(database_url, caplog):
    app = make_app(database_url)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internal detail")

    from registry.core.security import PUBLIC_ENDPOINTS

    PUBLIC_ENDPOINTS.add("boom")
    try:
        with caplog.at_level(logging.ERROR):
            response = app.test_client().get("/boom")
    finally:
        PUBLIC_ENDPOINTS.discard("boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Ett fel uppstod" in html
    assert "Traceback" not in html and "secret internal detail" not in html
    incident = html.split("Incident-id:")[1].split("<")[0].strip()
    assert len(incident) == 12
    assert any(incident in record.getMessage() for record in caplog.records)


@pytest.mark.no_db
def test_database_outage_is_a_503_page():
    app = make_app("postgresql+psycopg://postgres@127.0.0.1:1/none")
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["_user_id"] = "1:1"
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Registret kan inte nå sin databas" in html
    assert 'lang="sv"' in html  # the full Swedish page, not the plain-text fallback


def test_healthz_answers_ok_with_the_database(client):
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}


@pytest.mark.no_db
def test_healthz_answers_503_without_the_database():
    down = make_app("postgresql+psycopg://postgres@127.0.0.1:1/none").test_client()
    response = down.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"
