"""One commit per request: a success keeps its writes, anything else keeps none of them,
a failing commit answers with the error page, and a denial keeps its audit row."""

from datetime import date

import pytest
from flask import abort
from sqlalchemy import func, select, update

from registry.core.audit import AuditEvent
from registry.core.security import PUBLIC_ENDPOINTS
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.placements.models import MonthlyReport
from tests import factories
from tests.api.factories import bearer
from tests.conftest import csrf_token, make_app

SLUG = "transaktion-test"


def _new_municipality(slug=SLUG, name="Transaktionstest", scb_code="9999"):
    db.session.add(Municipality(slug=slug, name=name, scb_code=scb_code, lpo="LPO"))
    db.session.flush()


def _saved():
    return db.session.scalar(select(func.count()).select_from(Municipality)
                             .where(Municipality.slug == SLUG))


@pytest.fixture
def answering(database_url):
    """Return a client of an app whose one public route writes, then answers as told."""
    app = make_app(database_url)

    @app.post("/write/<answer>")
    def write(answer):
        _new_municipality()
        if answer == "raise":
            raise RuntimeError("after the flush")
        if answer == "forbidden":
            abort(403)
        if answer == "duplicate":  # only the commit finds the clash: nothing flushes it
            db.session.add(Municipality(slug="solna", name="Dubblett", scb_code="9998",
                                        lpo="LPO"))
        if answer == "stale":
            found = db.session.scalar(select(Municipality).where(Municipality.slug == SLUG))
            db.session.execute(update(Municipality).where(Municipality.id == found.id)
                               .values(version=found.version + 1)
                               .execution_options(synchronize_session=False))
            found.name = "Ändrad av två"
        status = {"redirect": 302, "refused": 422}.get(answer, 200)
        return "svar", status, {"Location": "/"} if status == 302 else {}

    PUBLIC_ENDPOINTS.add("write")
    app.config["WTF_CSRF_ENABLED"] = False
    yield app.test_client()
    PUBLIC_ENDPOINTS.discard("write")


@pytest.mark.parametrize("answer", ["ok", "redirect"])
def test_a_successful_request_keeps_its_writes(answering, answer):
    response = answering.post(f"/write/{answer}")
    assert response.status_code in (200, 302)
    assert _saved() == 1


@pytest.mark.parametrize(("answer", "status"), [("refused", 422), ("forbidden", 403),
                                                 ("raise", 500)])
def test_a_refused_or_failed_request_keeps_nothing_it_flushed(answering, answer, status):
    assert answering.post(f"/write/{answer}").status_code == status
    assert _saved() == 0


def test_a_commit_that_fails_answers_with_the_error_page_not_a_lost_write(answering):
    response = answering.post("/write/duplicate")
    assert response.status_code == 500
    assert "Ett fel uppstod" in response.get_data(as_text=True)
    assert _saved() == 0


def test_a_stale_write_found_at_commit_answers_409(answering):
    response = answering.post("/write/stale")
    assert response.status_code == 409
    assert "Någon annan har ändrat uppgiften" in response.get_data(as_text=True)
    assert _saved() == 0


def test_a_denied_request_keeps_its_audit_row_although_the_answer_is_403(login_as):
    client = login_as("case_officer", "solna")
    denied = select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "denied", AuditEvent.entity == "admin.users")
    before = db.session.scalar(denied)
    assert client.get("/admin/anvandare").status_code == 403
    assert db.session.scalar(denied) == before + 1


def test_a_denied_api_request_keeps_its_audit_row_too(client):
    headers = bearer(("case_officer", "solna"))
    denied = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "denied")
    before = db.session.scalar(denied)
    assert client.post("/api/v1/providers", headers=headers, json={}).status_code == 403
    assert db.session.scalar(denied) == before + 1


def test_a_refused_form_saves_nothing_of_its_action_but_keeps_the_audited_view(login_as):
    officer = factories.staff("case_officer", "solna")
    placement = factories.placement(municipality_=officer.municipality,
                                    start_date=date(2026, 1, 15), case_officer_id=officer.id)
    db.session.commit()
    path = f"/placements/{placement.id}/rapporter/ny"
    client = login_as(officer)
    token = csrf_token(client, path)
    views = select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "view", AuditEvent.entity_id == placement.id)
    before = db.session.scalar(views)
    response = client.post(path, data={
        "month": "2026-02-01", "source": "provider", "received_on": "2026-03-04",
        "days_in_care": "28", "report_text": "Klienten 19850709-9805 deltar.",
        "csrf_token": token})
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(MonthlyReport).where(
        MonthlyReport.placement_id == placement.id)) == 0
    assert db.session.scalar(views) == before + 1
