"""The administrator exports the audit log (Loggkontroll) as xlsx or csv with the page's
filters: formula-safe, fresh login required, and the export is itself audited."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from openpyxl import load_workbook
from sqlalchemy import func, select

from registry.core import audit
from registry.core.audit import AuditEvent
from registry.extensions import db
from tests.conftest import login
from tests.security.support import user

pytestmark = pytest.mark.checklist("A6")

ADMIN = ("admin",)


def _csv_rows(response):
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))


def _hostile_event():
    event = audit.record("view", entity="=HYPERLINK(\"http://x\",\"y\")", entity_id=7,
                         changes={"+1": {"changed": True}, "@SUM(1)": {"changed": True}},
                         user_id=user(ADMIN).id)
    db.session.commit()
    return event


def test_the_page_links_to_both_formats_with_its_filters(login_as):
    html = login_as(ADMIN).get("/admin/logg?action=login").get_data(as_text=True)
    assert "/admin/logg/export?action=login&amp;format=xlsx" in html
    assert "/admin/logg/export?action=login&amp;format=csv" in html


def test_the_csv_export_has_the_filtered_rows_of_the_page(login_as):
    client = login_as(ADMIN)
    officer = user(("case_officer", "solna"))
    login(client.application.test_client(), officer.email)
    response = client.get("/admin/logg/export?format=csv&action=login"
                          f"&user={officer.email}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith('attachment; filename="logg-')
    header, *rows = _csv_rows(response)
    assert header[:6] == ["Tid (svensk tid)", "Användare", "E-post", "Roll och kommun",
                          "Kommun", "Händelse"]
    assert rows and {(r[2], r[4], r[5]) for r in rows} == {(officer.email, "Solna", "Inloggning")}
    expected = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "login", AuditEvent.user_id == officer.id))
    assert len(rows) == expected


def test_the_xlsx_export_is_formula_safe(login_as):
    event = _hostile_event()
    response = login_as(ADMIN).get(f"/admin/logg/export?format=xlsx&entity_id={event.entity_id}")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row
             if cell.value is not None and isinstance(cell.value, str)]
    entity = next(c for c in cells if "HYPERLINK" in c.value)
    changed = next(c for c in cells if "SUM" in c.value)
    assert entity.data_type == "s" and entity.value.startswith("'=")
    assert changed.value == "'@SUM(1)"


def test_the_csv_export_is_formula_safe(login_as):
    event = _hostile_event()
    response = login_as(ADMIN).get(f"/admin/logg/export?format=csv&entity_id={event.entity_id}")
    row = next(r for r in _csv_rows(response)[1:] if "HYPERLINK" in r[6] and r[9] == "'+1")
    assert row[6].startswith("'=") and row[11] == "ändrad"


def test_the_export_is_itself_audited(login_as):
    client = login_as(ADMIN)
    response = client.get("/admin/logg/export?format=xlsx&action=failed_login")
    assert response.status_code == 200
    last = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (last.action, last.entity, last.user_id) == ("export", "audit_events", user(ADMIN).id)
    assert last.changes["format"] == "xlsx" and isinstance(last.changes["rows"], int)


def test_a_stale_login_must_confirm_the_password_first(app):
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        client = app.test_client()
        login(client, ADMIN)
        traveller.shift(timedelta(minutes=16))
        response = client.get("/admin/logg/export?format=csv")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/bekrafta?next=/admin/logg/export")


@pytest.mark.parametrize("who", [("case_officer", "solna"),
                                 ("coordinator",)])
def test_only_the_administrator_may_export_the_log(login_as, who):
    assert login_as(who).get("/admin/logg/export?format=csv").status_code == 403


@pytest.mark.parametrize("query", ["format=pdf", "format=csv&date_from=inte-ett-datum"])
def test_a_bad_format_or_filter_is_refused(login_as, query):
    assert login_as(ADMIN).get(f"/admin/logg/export?{query}").status_code == 400


def test_a_too_large_selection_asks_for_narrower_filters(login_as, monkeypatch):
    from registry.admin import export

    monkeypatch.setattr(export, "MAX_ROWS", 1)
    response = login_as(ADMIN).get("/admin/logg/export?format=csv", follow_redirects=True)
    assert "Begränsa det med filtren" in response.get_data(as_text=True)
