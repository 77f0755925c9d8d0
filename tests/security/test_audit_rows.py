"""Exactly the expected audit rows for view, edit, export and denied access (A6).

For a placement, a monthly report and a claim, each request leaves exactly the listed rows:
who (user), when (UTC, inside the request's time), action, record type and id, municipality,
and for a refusal the outcome `denied`. Free text is never copied: a changed text field is
named with {"changed": true} only.
"""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from registry.core.audit import AuditEvent
from registry.extensions import db
from registry.placements.models import MonthlyReport, Placement
from tests.conftest import csrf_token
from tests.finance import factories as money
from tests.security.support import OWN, case_ids, form_values, municipality, user

pytestmark = pytest.mark.checklist("A6")

SECRET_TEXT = "Hemlig fritext som aldrig får loggas"


def _utcnow():
    return datetime.now(UTC).replace(tzinfo=None)


def _rows_of(client, method, path, **kwargs):
    """Run one request; return its audit rows as (user, action, entity, id, municipality)."""
    last = db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) or 0
    started = _utcnow()
    response = client.open(path, method=method, **kwargs)
    finished = _utcnow()
    db.session.expire_all()
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.id > last)
                                .order_by(AuditEvent.id)).all()
    for event in events:
        assert started <= event.occurred_at <= finished  # stored in UTC
        assert event.request_id and event.ip == "127.0.0.1"
        assert SECRET_TEXT not in str(event.changes)
    rows = [(e.user_id, e.action, e.entity, e.entity_id, e.municipality_id) for e in events]
    return response, rows, events


def _edit(client, path, changes):
    page = client.get(path)
    values = {name: found[0] for name, found in
              form_values(page.get_data(as_text=True)).items()}
    values.update(changes, csrf_token=csrf_token(client, path))
    return _rows_of(client, "POST", path, data=values)


@pytest.fixture
def ids():
    values = case_ids(OWN)
    db.session.commit()
    return values


def test_a_placement_view_edit_export_and_denial(login_as, ids):
    officer = user(("case_officer", OWN))
    town = municipality(OWN).id
    placement_id = ids["placement_id"]
    client = login_as(officer.email)
    _, viewed, _ = _rows_of(client, "GET", f"/placements/{placement_id}")
    assert viewed == [(officer.id, "view", "placements", placement_id, town)]
    plan_on = db.session.get(Placement, placement_id).start_date.isoformat()
    response, edited, events = _edit(client, f"/placements/{placement_id}/andra",
                                     {"care_plan_on": plan_on})
    assert response.status_code == 302
    # The edit reads the record (view) and writes it (update): two rows, nothing else.
    assert edited == [(officer.id, "view", "placements", placement_id, town),
                      (officer.id, "update", "placements", placement_id, town)]
    assert set(events[1].changes) == {"care_plan_on"}
    _, exported, events = _rows_of(client, "GET", "/placements/export?format=csv")
    assert exported == [(officer.id, "export", "placements", None, town)]
    assert set(events[0].changes) == {"rows", "format"}
    purchaser = user(("purchaser", OWN))
    response, denied, _ = _rows_of(login_as(purchaser.email), "GET", f"/placements/{placement_id}")
    assert response.status_code == 403
    assert denied == [(purchaser.id, "denied", "placements.detail", placement_id, town)]


def test_a_report_view_edit_and_denial(login_as, ids):
    officer = user(("case_officer", OWN))
    town = municipality(OWN).id
    report_id = ids["report_id"]
    path = f"/placements/rapporter/{report_id}"
    client = login_as(officer.email)
    _, viewed, _ = _rows_of(client, "GET", path)
    assert viewed == [(officer.id, "view", "monthly_reports", report_id, town)]
    response, edited, events = _edit(client, path, {"follow_up_note": SECRET_TEXT})
    assert response.status_code == 302
    assert edited == [(officer.id, "view", "monthly_reports", report_id, town),
                      (officer.id, "update", "monthly_reports", report_id, town)]
    assert events[1].changes == {"follow_up_note": {"changed": True}}
    assert db.session.get(MonthlyReport, report_id).follow_up_note == SECRET_TEXT
    finance = user(("finance", OWN))
    response, denied, _ = _rows_of(login_as(finance.email), "GET", path)
    assert response.status_code == 403
    assert denied == [(finance.id, "denied", "placements.report_edit", report_id, town)]


def test_a_claim_view_edit_export_and_denial(login_as, ids):
    finance = user(("finance", OWN))
    town = municipality(OWN).id
    placement = money.placement(slug=OWN)
    claim = money.claim(placement, placement.start_date, placement.start_date, 100)
    db.session.commit()
    client = login_as(finance.email)
    _, viewed, _ = _rows_of(client, "GET", f"/finance/claims/{claim.id}")
    assert viewed == [(finance.id, "view", "reimbursement_claims", claim.id, town)]
    response, edited, events = _edit(client, f"/finance/claims/{claim.id}/edit",
                                     {"amount": "1 234"})
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    assert edited == [(finance.id, "view", "reimbursement_claims", claim.id, town),
                      (finance.id, "update", "reimbursement_claims", claim.id, town)]
    assert events[1].changes["amount_ore"]["after"] == 123_400
    _, exported, _ = _rows_of(client, "GET", "/finance/export/claims.xlsx")
    assert exported == [(finance.id, "export", "reimbursement_claims", None, town)]
    officer = user(("case_officer", OWN))
    response, denied, _ = _rows_of(login_as(officer.email), "GET", f"/finance/claims/{claim.id}")
    assert response.status_code == 403
    assert denied == [(officer.id, "denied", "finance.claim", claim.id, town)]
