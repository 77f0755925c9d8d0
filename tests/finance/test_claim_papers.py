"""A claim's papers: the application the police receive (a real PDF, read back with pdftotext),
the police's reference number, and their decision letter kept for the owning municipality."""

import io
import os
import shutil
import subprocess
from datetime import date

import pytest
from sqlalchemy import func, select

from registry.auth.models import User
from registry.core.audit import AuditEvent
from registry.extensions import db
from registry.finance.models import ReimbursementClaim
from registry.providers.models import Document
from tests import factories
from tests.api.factories import bearer
from tests.conftest import csrf_token
from tests.finance import factories as money

FINANCE = ("finance", "solna")
TODAY = date(2026, 5, 10)
START = date(2026, 3, 1)
LETTER = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
MISSING_ID = 987654321


@pytest.fixture(autouse=True)
def upload_root(app, tmp_path, monkeypatch):
    root = tmp_path / "uploads"
    monkeypatch.setitem(app.config["REGISTRY"], "UPLOAD_DIR", str(root))
    return root


def _claim(status="submitted", slug="solna", **values):
    """A claim for March (31 care days × 4 500 kr = 139 500 kr), signed by named users."""
    officer = factories.user("case_officer", slug, display_name="Karin Handläggarsson")
    placement = money.placement(slug, start_date=START, case_officer_id=officer.id)
    signer = factories.user("finance", slug, display_name="Olle Ekonomsson")
    steps = {"submitted_on": TODAY, "submitted_by_id": signer.id} if status != "draft" else {}
    return money.claim(placement, START, date(2026, 3, 31), 31 * 450_000, status=status,
                       created_by_id=signer.id, **{**steps, **values})


def _pdf_text(content, tmp_path):
    path = tmp_path / "ansokan.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return " ".join(out.replace("\u00a0", " ").split())


# In CI a missing pdftotext fails the test (.ci/run installs poppler-utils), never skips it.
@pytest.mark.skipif(shutil.which("pdftotext") is None and os.environ.get("CI") != "true",
                    reason="poppler-utils (pdftotext) is not installed: "
                           "apt-get install poppler-utils")
def test_the_application_pdf_opens_with_reference_period_and_amount_and_no_name(
        login_as, clock, tmp_path):
    clock(TODAY)
    claim = _claim(police_reference="A123.456/2026")
    db.session.commit()
    client = login_as(FINANCE)
    page = client.get(f"/finance/claims/{claim.id}").get_data(as_text=True)
    assert "Ansökan till polisen (PDF)" in page
    response = client.get(f"/finance/claims/{claim.id}/application.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert response.data.startswith(b"%PDF-")
    text = _pdf_text(response.data, tmp_path)
    assert claim.placement.case_reference in text
    assert "2026-03-01 – 2026-03-31" in text
    assert "139 500 kr" in text and "4 500 kr" in text and "31" in text
    assert "Solna" in text and "A123.456/2026" in text
    assert "Överenskommelse om villkor undertecknad" in text and "2026-02-22" in text
    names = db.session.scalars(select(User.display_name)).all()
    assert "Karin Handläggarsson" in names and "Olle Ekonomsson" in names
    assert not [name for name in names if name and name in text]
    exported = db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "export", AuditEvent.entity == "reimbursement_claims",
        AuditEvent.entity_id == claim.id))
    assert exported == 1


def test_another_municipality_gets_the_same_404_for_the_claim_papers(login_as):
    claim = _claim(slug="jarfalla", status="approved", decided_on=TODAY,
                   approved_ore=31 * 450_000)
    db.session.commit()
    client = login_as(FINANCE)
    foreign = client.get(f"/finance/claims/{claim.id}/application.pdf")
    missing = client.get(f"/finance/claims/{MISSING_ID}/application.pdf")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.get_data() == missing.get_data()
    assert login_as("case_officer", "solna").get(
        f"/finance/claims/{claim.id}/application.pdf").status_code == 403


def _post(client, claim, step, prefix, **fields):
    path = f"/finance/claims/{claim.id}"
    data = {f"{prefix}-{name}": value for name, value in fields.items()}
    data[f"{prefix}-csrf_token"] = csrf_token(client, path)
    data.setdefault(f"{prefix}-version", claim.version)
    return client.post(f"{path}/{step}", data=data, content_type="multipart/form-data")


def _reloaded(claim):
    return db.session.scalar(select(ReimbursementClaim).where(
        ReimbursementClaim.id == claim.id).execution_options(populate_existing=True))


def test_the_police_reference_is_saved_and_shown(login_as):
    claim = _claim()
    db.session.commit()
    client = login_as(FINANCE)
    response = _post(client, claim, "police-reference", "reference",
                     police_reference="  A123.456/2026 ")
    assert response.status_code == 302
    assert _reloaded(claim).police_reference == "A123.456/2026"
    assert "A123.456/2026" in client.get(f"/finance/claims/{claim.id}").get_data(as_text=True)
    answer = client.get(f"/api/v1/claims/{claim.id}", headers=bearer(FINANCE))
    assert answer.status_code == 200 and answer.json["police_reference"] == "A123.456/2026"


def test_a_draft_has_no_police_reference_yet(login_as):
    claim = _claim(status="draft")
    db.session.commit()
    response = _post(login_as(FINANCE), claim, "police-reference", "reference",
                     police_reference="A1")
    assert response.status_code == 422
    assert "när återsökningen är inskickad" in response.get_data(as_text=True)
    assert _reloaded(claim).police_reference is None


def test_the_decision_letter_is_kept_checked_and_served_only_to_its_municipality(login_as):
    claim = _claim(status="approved", decided_on=TODAY, approved_ore=31 * 450_000)
    db.session.commit()
    client = login_as(FINANCE)
    refused = _post(client, claim, "decision-letter", "letter",
                    file=(io.BytesIO(b"<html>hej</html>"), "beslut.pdf"))
    assert refused.status_code == 422 and "inte en PDF" in refused.get_data(as_text=True)
    response = _post(client, claim, "decision-letter", "letter",
                     file=(io.BytesIO(LETTER), "beslut polisen.pdf"))
    assert response.status_code == 302
    page = client.get(f"/finance/claims/{claim.id}").get_data(as_text=True)
    assert "beslut polisen.pdf" in page
    document = db.session.scalar(select(Document).where(Document.claim_id == claim.id))
    assert (document.kind, document.provider_id, document.agreement_id) == (
        "police_decision", None, None)
    address = f"/finance/decision-letters/{document.public_id}"
    assert address in page
    download = client.get(address)
    assert download.status_code == 200 and download.data == LETTER
    assert download.headers["Content-Disposition"].startswith("attachment;")
    other = login_as("finance", "jarfalla")
    foreign, missing = other.get(address), other.get(f"/finance/decision-letters/{'x' * 43}")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.get_data() == missing.get_data()
    # Case data never leaves through the shared registries' download route.
    assert login_as("purchaser", "solna").get(
        f"/providers/documents/{document.public_id}").status_code == 404


def test_a_decision_letter_waits_for_the_decision(login_as):
    claim = _claim()
    db.session.commit()
    response = _post(login_as(FINANCE), claim, "decision-letter", "letter",
                     file=(io.BytesIO(LETTER), "beslut.pdf"))
    assert response.status_code == 422
    assert "när beslutet är registrerat" in response.get_data(as_text=True)
