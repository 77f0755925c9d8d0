"""PDF documents: checked by content, stored under random names, served only through a view."""

import io
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from registry.core.audit import AuditEvent
from registry.extensions import db
from registry.providers.documents import DocumentError, store_upload, stored_path
from registry.providers.models import Document
from tests import factories
from tests.agreements.factories import party_agreement
from tests.conftest import csrf_token

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PURCHASER = ("purchaser", "sigtuna")


@pytest.fixture(autouse=True)
def upload_root(app, tmp_path, monkeypatch):
    """Every test stores its files in its own temporary directory."""
    root = tmp_path / "uploads"
    monkeypatch.setitem(app.config["REGISTRY"], "UPLOAD_DIR", str(root))
    return root


def upload(content=PDF, name="tillstand.pdf"):
    return FileStorage(stream=io.BytesIO(content), filename=name,
                       content_type="application/pdf")


def test_a_pdf_is_stored_under_a_random_name_with_checksum_and_size(upload_root):
    provider = factories.provider()
    document = store_upload(upload(), "permit", provider=provider)
    path = stored_path(document)
    assert path.parent == upload_root and path.read_bytes() == PDF
    assert document.original_name == "tillstand.pdf"
    assert "tillstand" not in document.storage_name
    assert document.size_bytes == len(PDF) and len(document.sha256) == 64
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.entity == "document", AuditEvent.entity_id == document.id)).action == "create"


@pytest.mark.checklist("D6")
def test_an_html_file_renamed_pdf_is_refused(upload_root):
    provider = factories.provider()
    with pytest.raises(DocumentError) as refused:
        store_upload(upload(b"<!doctype html><script>alert(1)</script>", "avtal.pdf"),
                     "contract", provider=provider)
    assert "inte en PDF" in refused.value.message and refused.value.field == "file"
    assert not upload_root.exists() or not any(upload_root.iterdir())


@pytest.mark.parametrize(("content", "message"), [(b"", "tom"), (PDF + b"x" * 2048, "större")])
@pytest.mark.checklist("D6")
def test_empty_and_oversized_files_are_refused(app, monkeypatch, content, message):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)
    with pytest.raises(DocumentError) as refused:
        store_upload(upload(content), "permit", provider=factories.provider())
    assert message in refused.value.message


@pytest.mark.checklist("D6")
def test_a_path_in_the_file_name_is_only_metadata(upload_root):
    document = store_upload(upload(name="../../x.pdf"), "other", provider=factories.provider())
    assert document.original_name == "x.pdf"
    assert stored_path(document).resolve().parent == upload_root.resolve()
    assert len(Path(document.storage_name).stem) == 32


def test_an_unknown_kind_is_refused():
    with pytest.raises(DocumentError) as refused:
        store_upload(upload(), "selfie", provider=factories.provider())
    assert refused.value.field == "kind"


def test_a_rolled_back_upload_leaves_no_file(upload_root):
    provider = factories.provider()
    db.session.commit()
    document = store_upload(upload(), "permit", provider=provider)
    path = stored_path(document)
    assert path.exists()
    db.session.rollback()
    assert not path.exists()


def _stored(provider=None, agreement=None, kind="permit"):
    if provider is None and agreement is None:
        provider = factories.provider()
    document = store_upload(upload(), kind, provider=provider, agreement=agreement)
    db.session.commit()
    return document


@pytest.mark.checklist("D7")
def test_download_is_an_attachment_never_cached_or_sniffed(login_as):
    document = _stored()
    response = login_as(PURCHASER).get(f"/providers/documents/{document.public_id}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.mimetype == "application/pdf"


def test_download_is_audited(login_as):
    document = _stored()
    login_as(PURCHASER).get(f"/providers/documents/{document.public_id}")
    events = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.entity == "document", AuditEvent.entity_id == document.id)).all()
    assert "view" in events


@pytest.mark.checklist("D7")
def test_the_storage_path_is_not_served_as_a_static_file(login_as):
    document = _stored()
    client = login_as(PURCHASER)
    assert client.get(f"/static/{document.storage_name}").status_code == 404
    assert client.get(f"/uploads/{document.storage_name}").status_code == 404


@pytest.mark.checklist("D7")
def test_a_missing_document_or_file_is_404(login_as):
    document = _stored()
    stored_path(document).unlink()
    client = login_as(PURCHASER)
    assert client.get(f"/providers/documents/{document.public_id}").status_code == 404
    assert client.get("/providers/documents/987654321").status_code == 404


@pytest.mark.checklist("D7")
def test_admin_may_not_download(login_as):
    document = _stored()
    assert login_as("admin").get(
        f"/providers/documents/{document.public_id}").status_code == 403


def test_the_document_row_keeps_only_metadata():
    columns = set(Document.__table__.columns.keys())
    assert "content" not in columns and "storage_name" in columns


def _post_file(client, path, content, name="intyg.pdf", kind="permit", token_from=None):
    return client.post(path, data={"csrf_token": csrf_token(client, token_from or path),
                                   "kind": kind,
                                   "file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def test_a_purchaser_uploads_a_permit_on_the_provider_page(login_as):
    provider = factories.provider()
    db.session.commit()
    client = login_as(PURCHASER)
    response = _post_file(client, f"/providers/{provider.id}/documents/new", PDF)
    assert response.status_code == 302
    html = client.get(f"/providers/{provider.id}").get_data(as_text=True)
    assert "intyg.pdf" in html and "Tillstånd (IVO)" in html


@pytest.mark.checklist("D6")
def test_an_html_file_renamed_pdf_is_refused_by_the_page(login_as, upload_root):
    provider = factories.provider()
    db.session.commit()
    response = _post_file(login_as(PURCHASER), f"/providers/{provider.id}/documents/new",
                          b"<html><body>hej</body></html>", name="avtal.pdf")
    assert response.status_code == 422
    assert "Filen är inte en PDF" in response.get_data(as_text=True)
    assert not db.session.scalars(select(Document).where(
        Document.provider_id == provider.id)).all()
    assert not upload_root.exists() or not any(upload_root.iterdir())


@pytest.mark.checklist("D6")
def test_an_oversized_request_is_413(app, login_as, monkeypatch):
    provider = factories.provider()
    db.session.commit()
    client = login_as(PURCHASER)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2048)
    response = _post_file(client, f"/providers/{provider.id}/documents/new",
                          PDF + b"0" * 4096)
    assert response.status_code == 413


def test_only_a_party_uploads_to_an_agreement(login_as):
    agreement = party_agreement("solna")
    db.session.commit()
    path = f"/agreements/{agreement.id}/documents/new"
    outsider = login_as(PURCHASER)
    assert _post_file(outsider, path, PDF, kind="contract",
                      token_from="/providers/").status_code == 403
    client = login_as("purchaser", "solna")
    assert _post_file(client, path, PDF, kind="contract").status_code == 302
    html = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert "intyg.pdf" in html and "Undertecknat avtal" in html
