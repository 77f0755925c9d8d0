"""No side channel to another municipality's case data (A11), each tried as the other one.

An invoice number another municipality holds is simply accepted (numbers are unique per
provider and municipality, in the service and in the database); a draft assessment's
evidence downloads only for its own municipality, at an address that cannot be counted
through; a deleted draft takes its evidence with it, row and file.
"""

import io
import re

import pytest
from sqlalchemy import func, select

from registry.core.dates import today
from registry.extensions import db
from registry.finance.models import Invoice
from registry.providers.documents import stored_path
from registry.providers.models import Document
from registry.quality.models import Assessment
from tests import factories
from tests.conftest import csrf_token, post
from tests.finance import factories as money
from tests.quality import factories as quality

A11 = pytest.mark.checklist("A11")

OWNER, OTHER = ("jarfalla", "solna")
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
NUMBER = "F-2026-17"
_LINK = re.compile(r'href="(/providers/documents/[^"]+)"')


@pytest.fixture(autouse=True)
def upload_root(app, tmp_path, monkeypatch):
    root = tmp_path / "uploads"
    monkeypatch.setitem(app.config["REGISTRY"], "UPLOAD_DIR", str(root))
    return root


def _invoice_form(placement, number):
    first = placement.start_date
    return {"invoice_number": number, "period_start": first.isoformat(),
            "period_end": first.isoformat(), "days": 1, "amount": "4500",
            "received_on": today().isoformat(), "note": ""}


@A11
def test_another_municipalitys_invoice_number_is_accepted_without_a_hint(login_as):
    provider = factories.provider()
    theirs = money.placement(OWNER, days_ago=60, provider_id=provider.id)
    money.invoice(theirs, theirs.start_date, theirs.start_date, 1, 450_000, number=NUMBER)
    mine = money.placement(OTHER, days_ago=60, provider_id=provider.id)
    db.session.commit()
    client = login_as("finance", OTHER)
    path = f"/finance/placements/{mine.id}/invoices/new"

    response = post(client, path, _invoice_form(mine, NUMBER), token_from=path)

    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    holders = db.session.scalars(select(Invoice.municipality_id).where(
        Invoice.provider_id == provider.id, Invoice.invoice_number == NUMBER)).all()
    assert sorted(holders) == sorted([theirs.municipality_id, mine.municipality_id])
    again = post(client, path, _invoice_form(mine, NUMBER), token_from=path)
    assert again.status_code == 422  # the own duplicate is still refused


@A11
def test_correcting_an_invoice_to_another_municipalitys_number_is_accepted(login_as):
    provider = factories.provider()
    theirs = money.placement(OWNER, days_ago=60, provider_id=provider.id)
    money.invoice(theirs, theirs.start_date, theirs.start_date, 1, 450_000, number=NUMBER)
    mine = money.placement(OTHER, days_ago=60, provider_id=provider.id)
    own = money.invoice(mine, mine.start_date, mine.start_date, 1, 450_000, number="EGEN-1")
    db.session.commit()
    client = login_as("finance", OTHER)
    path = f"/finance/invoices/{own.id}/edit"

    response = post(client, path, {**_invoice_form(mine, NUMBER), "version": own.version},
                    token_from=path)

    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Invoice, own.id).invoice_number == NUMBER


@A11
def test_the_database_holds_the_same_number_for_two_municipalities():
    """The constraint is scoped too: an IntegrityError would answer 422 and tell the same."""
    provider = factories.provider()
    for slug in (OWNER, OTHER):
        placement = money.placement(slug, days_ago=60, provider_id=provider.id)
        money.invoice(placement, placement.start_date, placement.start_date, 1, 450_000,
                      number=NUMBER)
    db.session.flush()
    assert db.session.scalar(select(func.count(Invoice.id)).where(
        Invoice.provider_id == provider.id, Invoice.invoice_number == NUMBER)) == 2


def _draft_with_evidence(client, provider):
    """Start a draft as the client's municipality and attach a PDF; return (draft, link)."""
    template = quality.template()
    db.session.commit()
    start = "/quality/assessments/new"
    post(client, start, {"provider_id": provider.id, "template_id": template.id,
                         "assessed_on": today().isoformat()}, token_from=start)
    draft = db.session.scalar(select(Assessment).where(Assessment.provider_id == provider.id))
    path = f"/quality/assessments/{draft.id}/edit"
    evidence = next(i for i in template.indicators if i.evidence_required)
    data = {"version": draft.version, "assessed_on": today().isoformat(), "valid_until": "",
            "summary": "", "action": "save", "csrf_token": csrf_token(client, path),
            f"evidence_{evidence.id}": (io.BytesIO(PDF), "underlag.pdf")}
    assert client.post(path, data=data, content_type="multipart/form-data").status_code == 302
    [link] = _LINK.findall(client.get(path).get_data(as_text=True))
    return draft, link


def _document_of(draft):
    db.session.expire_all()
    return db.session.scalar(select(Document).join(
        Assessment, Assessment.provider_id == Document.provider_id).where(
        Assessment.id == draft.id, Document.kind == "evidence"))


@A11
def test_a_draft_assessments_evidence_downloads_only_for_its_municipality(login_as):
    owner = login_as("purchaser", OWNER)
    draft, link = _draft_with_evidence(owner, factories.provider())
    document = _document_of(draft)
    assert owner.get(link).data == PDF

    for who in (("purchaser", OTHER), ("case_officer", OTHER), ("coordinator",)):
        client = login_as(*who)
        refused = client.get(link)
        assert refused.status_code == 404, who
        assert refused.data == client.get("/providers/documents/" + "x" * 43).data
        assert client.get(f"/providers/documents/{document.id}").status_code == 404


@A11
def test_a_document_address_is_not_the_sequential_id(login_as):
    owner = login_as("purchaser", OWNER)
    draft, link = _draft_with_evidence(owner, factories.provider())
    document = _document_of(draft)
    assert link.rsplit("/", 1)[1] != str(document.id)
    assert len(link.rsplit("/", 1)[1]) >= 40  # 256 random bits, not a counter
    assert owner.get(f"/providers/documents/{document.id}").status_code == 404


@A11
def test_a_deleted_drafts_evidence_is_gone_from_the_database_and_the_disk(login_as):
    owner = login_as("purchaser", OWNER)
    draft, link = _draft_with_evidence(owner, factories.provider())
    document = _document_of(draft)
    document_id, path = document.id, stored_path(document)
    assert path.is_file()

    deleted = post(owner, f"/quality/assessments/{draft.id}/delete",
                   {"version": draft.version}, token_from="/quality/")

    assert deleted.status_code == 302
    db.session.expire_all()
    assert db.session.get(Document, document_id) is None
    assert not path.exists()
    for client in (owner, login_as("purchaser", OTHER)):
        assert client.get(link).status_code == 404


def test_a_refused_deletion_keeps_the_evidence_file(login_as):
    owner = login_as("purchaser", OWNER)
    draft, link = _draft_with_evidence(owner, factories.provider())
    path = stored_path(_document_of(draft))

    stale = post(owner, f"/quality/assessments/{draft.id}/delete",
                 {"version": draft.version - 1}, token_from="/quality/")

    assert stale.status_code == 409
    assert path.is_file() and owner.get(link).data == PDF


@A11
def test_replaced_evidence_is_deleted_with_its_file(login_as):
    owner = login_as("purchaser", OWNER)
    draft, first_link = _draft_with_evidence(owner, factories.provider())
    first = _document_of(draft)
    first_path = stored_path(first)
    db.session.refresh(draft)
    path = f"/quality/assessments/{draft.id}/edit"
    evidence = next(i for i in draft.template.indicators if i.evidence_required)
    data = {"version": draft.version, "assessed_on": today().isoformat(), "valid_until": "",
            "summary": "", "action": "save", "csrf_token": csrf_token(owner, path),
            f"evidence_{evidence.id}": (io.BytesIO(PDF + b"%ny\n"), "nytt.pdf")}

    assert owner.post(path, data=data, content_type="multipart/form-data").status_code == 302

    db.session.expire_all()
    assert db.session.get(Document, first.id) is None and not first_path.exists()
    assert owner.get(first_link).status_code == 404
    [link] = _LINK.findall(owner.get(path).get_data(as_text=True))
    assert owner.get(link).data == PDF + b"%ny\n"
