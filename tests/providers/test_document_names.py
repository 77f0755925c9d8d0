"""Upload names are safe and uploads are limited per user and day (checklist D9)."""

import io
from datetime import date
from urllib.parse import unquote

import pytest
from sqlalchemy import func, select

from registry.extensions import db
from registry.providers.models import Document
from tests import factories
from tests.conftest import csrf_token

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PURCHASER = ("purchaser", "sigtuna")
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


@pytest.fixture(autouse=True)
def upload_root(app, tmp_path, monkeypatch):
    root = tmp_path / "uploads"
    monkeypatch.setitem(app.config["REGISTRY"], "UPLOAD_DIR", str(root))
    return root


@pytest.fixture
def provider():
    provider = factories.provider()
    db.session.commit()
    return provider


def post(client, provider, name, content=PDF, content_type="application/pdf"):
    path = f"/providers/{provider.id}/documents/new"
    return client.post(path, data={"csrf_token": csrf_token(client, path), "kind": "other",
                                   "file": (io.BytesIO(content), name, content_type)},
                       content_type="multipart/form-data")


def documents(provider):
    return db.session.scalars(select(Document).where(
        Document.provider_id == provider.id).order_by(Document.id)).all()


def served_names(client, document):
    """Return (filename, filename*) of the download's Content-Disposition, decoded."""
    header = client.get(f"/providers/documents/{document.public_id}").headers["Content-Disposition"]
    parts = dict(part.strip().split("=", 1) for part in header.split(";")[1:])
    return parts["filename"].strip('"'), unquote(parts.get("filename*", "''").split("''", 1)[1])


@pytest.mark.checklist("D9")
def test_a_right_to_left_override_is_removed_from_the_stored_and_served_name(login_as,
                                                                             provider):
    client = login_as(PURCHASER)
    assert post(client, provider, "x\u202egpj.pdf").status_code == 302
    assert post(client, provider, f"in{BIDI}\x07\u200b\ufeffvisa.pdf").status_code == 302
    first, second = documents(provider)
    assert first.original_name == "xgpj.pdf" and second.original_name == "invisa.pdf"
    for document in (first, second):
        plain, encoded = served_names(client, document)
        assert plain.endswith(".pdf") and not set(plain + encoded) & set(BIDI + "\u200b\ufeff")


@pytest.mark.checklist("D9")
def test_a_pdf_named_html_is_stored_and_served_as_pdf(login_as, provider):
    client = login_as(PURCHASER)
    assert post(client, provider, "a.html", content_type="text/html").status_code == 302
    assert post(client, provider, "b.pdf.exe").status_code == 302
    names = [d.original_name for d in documents(provider)]
    assert names == ["a.pdf", "b.pdf"]
    plain, _ = served_names(client, documents(provider)[0])
    assert plain == "a.pdf"


@pytest.mark.checklist("D9")
@pytest.mark.parametrize("name", ["beslut 850709-9805.pdf", "beslut 19850709-9805.pdf",
                                  "beslut_198507099805.pdf"])
def test_a_personnummer_in_the_file_name_is_refused_on_the_field(login_as, provider, name):
    response = post(login_as(PURCHASER), provider, name)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Filnamnet innehåller ett personnummer" in html
    assert documents(provider) == []


@pytest.mark.checklist("D9")
def test_the_daily_upload_quota_answers_with_a_swedish_message(app, login_as, provider,
                                                                 monkeypatch, clock):
    clock(date(2026, 3, 10))
    monkeypatch.setitem(app.config["REGISTRY"], "UPLOAD_DAILY_FILES", 5)
    client = login_as(PURCHASER)
    assert [post(client, provider, f"f{n}.pdf").status_code for n in range(5)] == [302] * 5
    refused = post(client, provider, "f5.pdf")
    assert refused.status_code == 422
    assert "gränsen för uppladdningar i dag" in refused.get_data(as_text=True)
    assert len(documents(provider)) == 5
    other = login_as("purchaser", "solna")  # the quota is each user's own
    assert post(other, provider, "g.pdf").status_code == 302
    clock(date(2026, 3, 11))  # a new Stockholm day (and a new login: the session expired)
    assert post(login_as(PURCHASER), provider, "f6.pdf").status_code == 302


@pytest.mark.checklist("D9")
def test_the_daily_volume_quota_counts_megabytes(app, login_as, provider, monkeypatch, clock):
    clock(date(2026, 3, 10))
    monkeypatch.setitem(app.config["REGISTRY"], "UPLOAD_DAILY_MB", 1)
    client = login_as(PURCHASER)
    half = PDF + b"0" * (600 * 1024)
    assert post(client, provider, "a.pdf", half).status_code == 302
    response = post(client, provider, "b.pdf", half)
    assert response.status_code == 422 and "1 MB per dag" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Document.id))) == 1


def test_the_default_quota_is_100_files_and_200_mb(app):
    assert app.config["REGISTRY"]["UPLOAD_DAILY_FILES"] == 100
    assert app.config["REGISTRY"]["UPLOAD_DAILY_MB"] == 200
