"""Assessments through the pages: draft, save, complete (scored and locked), shared reads."""

import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from registry.core.audit import AuditEvent
from registry.extensions import db
from registry.quality.models import Assessment
from tests import factories as core
from tests.conftest import csrf_token
from tests.placements.factories import municipality
from tests.quality import factories

PURCHASER = ("purchaser", "jarfalla")
OTHER_PURCHASER = ("purchaser", "solna")
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
NEW = "/quality/assessments/new"


@pytest.fixture(autouse=True)
def upload_root(app, tmp_path, monkeypatch):
    """Evidence files go to a temporary directory."""
    root = tmp_path / "uploads"
    monkeypatch.setitem(app.config["REGISTRY"], "UPLOAD_DIR", str(root))
    return root


def _start(client, template, provider):
    token = csrf_token(client, NEW)
    response = client.post(NEW, data={"provider_id": provider.id, "template_id": template.id,
                                      "assessed_on": "2026-03-01", "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalar(select(Assessment).where(Assessment.provider_id == provider.id))


def _answers(assessment, values, action="save", files=None, **fields):
    by_code = {i.code: i for i in assessment.template.indicators}
    data = {"version": assessment.version, "assessed_on": "2026-03-01", "valid_until": "",
            "summary": "Sammanfattning", "action": action}
    for code, value in values.items():
        data[f"value_{by_code[code].id}"] = value
    for code, content in (files or {}).items():
        data[f"evidence_{by_code[code].id}"] = (io.BytesIO(content), f"{code}.pdf")
    return {**data, **fields}


def _submit(client, assessment, data):
    path = f"/quality/assessments/{assessment.id}/edit"
    data["csrf_token"] = csrf_token(client, path)
    return client.post(path, data=data, content_type="multipart/form-data")


def test_a_purchaser_completes_an_assessment_which_then_is_read_only(login_as):
    client = login_as(PURCHASER)
    template, provider = factories.template(), core.provider()
    draft = _start(client, template, provider)
    assert draft.status == "draft" and draft.municipality_id == municipality("jarfalla").id
    assert len(draft.answers) == 4

    saved = _submit(client, draft, _answers(draft, {"K1": "yes", "K2": "2"}))
    assert saved.status_code == 302
    db.session.expire_all()
    assert sorted(a.value_number for a in draft.answers if a.value_number is not None) == [1, 2]

    done = _submit(client, draft, _answers(draft, {"K1": "yes", "K2": "2", "K3": "150",
                                                   "K4": "Stiftelse"}, action="complete",
                                           files={"K1": PDF}))
    assert done.status_code == 302, done.get_data(as_text=True)
    db.session.expire_all()
    completed = db.session.get(Assessment, draft.id)
    # (3·1 + 2·2/3 + 1·150/200) / 6 = 84.7
    assert (completed.status, completed.score, completed.passed) == ("completed", 84.7, True)
    assert (completed.band, completed.lowest_band) == ("Hög", False)
    assert completed.valid_until == date(2027, 3, 1)
    assert any(a.evidence_document_id for a in completed.answers)

    page = client.get(f"/quality/assessments/{draft.id}/edit")
    assert page.status_code == 200 and "kan bara läsas" in page.get_data(as_text=True)
    again = _submit(client, completed, _answers(completed, {"K1": "no"}))
    assert again.status_code == 409
    deleted = client.post(f"/quality/assessments/{draft.id}/delete", data={
        "version": completed.version, "csrf_token": csrf_token(client, "/quality/")})
    assert deleted.status_code == 409
    db.session.expire_all()
    assert db.session.get(Assessment, draft.id).score == 84.7
    actions = [a for a, in db.session.execute(select(AuditEvent.action).where(
        AuditEvent.entity == "assessments", AuditEvent.entity_id == draft.id))]
    assert actions.count("create") == 1 and actions.count("update") >= 2


def test_completion_refuses_missing_answers_and_evidence_and_keeps_the_typed_values(login_as):
    client = login_as(PURCHASER)
    draft = _start(client, factories.template(), core.provider())
    response = _submit(client, draft, _answers(draft, {"K2": "3"}, action="complete"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    k1 = next(i for i in draft.template.indicators if i.code == "K1")
    k3, k4 = (next(i for i in draft.template.indicators if i.code == c) for c in ("K3", "K4"))
    assert "Svar på K1: Svar saknas." in html
    assert "Underlag till K1 (PDF): Underlag (PDF) krävs." in html
    assert "Svar på K3: Svar saknas." in html
    assert f'id="value_{k3.id}-error"' in html and f'id="value_{k4.id}-error"' not in html
    assert f'id="value_{k1.id}-error"' in html and f'id="evidence_{k1.id}-error"' in html
    k2 = next(i for i in draft.template.indicators if i.code == "K2")
    assert re.search(rf'<input checked id="value_{k2.id}-3" name="value_{k2.id}" type="radio" '
                     r'value="3">', html)
    db.session.expire_all()
    stored = db.session.get(Assessment, draft.id)
    assert stored.status == "draft" and all(a.value_number is None for a in stored.answers)


def test_a_critical_no_fails_whatever_the_score(login_as):
    client = login_as(PURCHASER)
    draft = _start(client, factories.template(
        indicators=(("K1", "yes_no", 1, True, False), ("K2", "scale_0_3", 50, False, False))),
        core.provider())
    done = _submit(client, draft, _answers(draft, {"K1": "no", "K2": "3"}, action="complete"))
    assert done.status_code == 302
    db.session.expire_all()
    completed = db.session.get(Assessment, draft.id)
    assert completed.score == 98.0 and completed.passed is False
    page = client.get(f"/quality/assessments/{draft.id}").get_data(as_text=True)
    assert "Underkänd" in page and "Kritisk, ej uppfylld" in page


def test_evidence_must_be_a_pdf(login_as, upload_root):
    client = login_as(PURCHASER)
    draft = _start(client, factories.template(), core.provider())
    response = _submit(client, draft, _answers(draft, {"K1": "yes"},
                                               files={"K1": b"<html>inte pdf</html>"}))
    assert response.status_code == 422 and "inte en PDF" in response.get_data(as_text=True)
    assert not upload_root.exists() or not any(upload_root.iterdir())


def test_bad_dates_and_stale_forms_are_refused(login_as):
    client = login_as(PURCHASER)
    draft = _start(client, factories.template(), core.provider())
    early = _submit(client, draft, _answers(draft, {}, action="complete",
                                            valid_until="2026-02-01"))
    assert early.status_code == 422
    future = _submit(client, draft, _answers(draft, {}, assessed_on="2999-01-01"))
    assert future.status_code == 422 and "framtiden" in future.get_data(as_text=True)
    read_at = draft.version
    assert _submit(client, draft, _answers(draft, {"K1": "yes"})).status_code == 302
    stale = _submit(client, draft, _answers(draft, {"K1": "no"}, version=read_at))
    assert stale.status_code == 409


def test_a_draft_is_its_municipalitys_own_and_a_completed_one_is_shared(login_as):
    owner = login_as(PURCHASER)
    draft = _start(owner, factories.template(), core.provider())
    other = login_as(OTHER_PURCHASER)
    for path in (f"/quality/assessments/{draft.id}", f"/quality/assessments/{draft.id}/edit"):
        assert other.get(path).status_code == 404
    assert other.get("/quality/assessments/987654321").get_data() == other.get(
        f"/quality/assessments/{draft.id}").get_data()
    completed = factories.assessment(municipality_=municipality("jarfalla"))
    for who in (OTHER_PURCHASER, ("coordinator",), ("case_officer", "solna"),
                  ("finance", "solna")):
        page = login_as(who).get(f"/quality/assessments/{completed.id}")
        assert page.status_code == 200 and "Järfälla" in page.get_data(as_text=True)


def test_only_purchasers_assess(login_as):
    client = login_as("coordinator")
    assert client.get(NEW).status_code == 403
    assert login_as("case_officer", "solna").get(NEW).status_code == 403


def test_a_draft_can_be_deleted_by_its_municipality(login_as):
    client = login_as(PURCHASER)
    draft = _start(client, factories.template(), core.provider())
    response = client.post(f"/quality/assessments/{draft.id}/delete", data={
        "version": draft.version, "csrf_token": csrf_token(client, "/quality/")})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Assessment, draft.id) is None
