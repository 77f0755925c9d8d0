"""PDF documents about providers and agreements: checked by content, stored outside static/.

Other areas call `store_upload` (quality stores assessment evidence with it) and link to
`url_for("providers.download_document", public_id=document.public_id)`, the only way a file
is served: a random address, never the sequential id. The bytes live under
REGISTRY["UPLOAD_DIR"] with a random name; the original file name is kept only as metadata.
A file written in a transaction that is rolled back is removed; a document deleted with its
record (`discard`) loses its file once that deletion is committed, never before.
"""

import hashlib
import logging
import os
import re
import uuid
from datetime import UTC, datetime, time
from pathlib import Path

from flask import current_app
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from registry.core import audit
from registry.core.dates import STOCKHOLM, today
from registry.core.exports import printable
from registry.core.identifiers import contains_personnummer
from registry.core.permissions import Permission
from registry.core.refusal import Refused
from registry.core.settings import current_settings
from registry.extensions import db
from registry.providers.models import Document, DocumentKind

log = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
PDF_MIME = "application/pdf"
NAME_MAX = 200
_EXTENSION = re.compile(r"\.(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{1,8}$")  # .html, not .2
_PENDING = "registry_pending_uploads"
_DOOMED = "registry_doomed_files"


class DocumentError(Refused):
    """An upload was refused (not a PDF, empty, too large, unknown kind)."""


def upload_limit():
    """Return the largest accepted file in bytes: the lower of the request limit and the setting."""
    setting = current_settings().max_upload_mb * 1024 * 1024
    request_limit = current_app.config.get("MAX_CONTENT_LENGTH") or setting
    return min(setting, request_limit)


def upload_dir():
    """Return the upload directory, created (owner-only) on first use."""
    path = Path(current_settings().upload_dir)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def stored_path(document):
    """Return where the document's bytes are on disk."""
    return upload_dir() / document.storage_name


def store_upload(file_storage, kind, *, provider=None, agreement=None, claim=None, user=None,
                 field="file"):
    """Check an uploaded PDF, write it under a random name and return its flushed Document.

    It belongs to a provider or an agreement, or (a police decision letter, case data) to one
    reimbursement claim and nothing else.
    """
    kind = _kind(kind, field)
    if (claim is not None) != (kind == DocumentKind.POLICE_DECISION.value) or (
            claim is None and provider is None and agreement is None) or (
            claim is not None and (provider is not None or agreement is not None)):
        raise ValueError("a document belongs to a provider or an agreement, or a police "
                         "decision to one claim")
    content = _read_pdf(file_storage, field)
    name = _checked_name(file_storage.filename, field)
    _check_daily_quota(user, len(content), field)
    document = Document(
        kind=kind, original_name=name,
        storage_name=f"{uuid.uuid4().hex}.pdf", content_type=PDF_MIME,
        size_bytes=len(content), sha256=hashlib.sha256(content).hexdigest(),
        provider_id=provider.id if provider is not None else None,
        agreement_id=agreement.id if agreement is not None else None,
        claim_id=claim.id if claim is not None else None,
        uploaded_by_id=user.id if user is not None else None)
    _write(document, content)
    db.session.add(document)
    db.session.flush()
    audit.record("create", entity="document", entity_id=document.id, changes={
        "kind": {"before": None, "after": kind},
        "size_bytes": {"before": None, "after": document.size_bytes},
        "sha256": {"before": None, "after": document.sha256}})
    return document


def _kind(kind, field):
    try:
        return DocumentKind(kind).value
    except ValueError as exc:
        raise DocumentError("Välj en dokumenttyp.", "kind") from exc


def _read_pdf(file_storage, field):
    """Return the upload's bytes, refusing an empty, oversized or non-PDF file."""
    if file_storage is None or not getattr(file_storage, "filename", None):
        raise DocumentError("Välj en fil att ladda upp.", field)
    limit = upload_limit()
    content = file_storage.stream.read(limit + 1)
    if not content:
        raise DocumentError("Filen är tom.", field)
    if len(content) > limit:
        raise DocumentError(f"Filen är större än {limit // (1024 * 1024)} MB.", field)
    if not content.startswith(PDF_MAGIC):
        raise DocumentError("Filen är inte en PDF. Endast PDF-filer tas emot "
                            "(innehållet kontrolleras, inte filnamnet).", field)
    return content


def display_name(filename):
    """Return the original file name as harmless metadata, always ending in .pdf.

    NFKC-normalised; no path; no control, bidi or other invisible characters (so
    `x\u202egpj.pdf` cannot show as `xfdp.jpg`); another extension is replaced
    (`a.html` becomes `a.pdf`), since the file is served as the PDF it was checked to be.
    """
    name = re.split(r"[\\/]", printable(filename))[-1]
    stem = _EXTENSION.sub("", " ".join(name.split()))
    if stem.lower().endswith(".pdf"):  # a.pdf.html
        stem = stem[:-4]
    stem = stem.strip(" .")[:NAME_MAX - 4].rstrip(" .")
    return f"{stem or 'dokument'}.pdf"


def _checked_name(filename, field):
    """Return the display name, refusing a name that holds a personnummer."""
    name = display_name(filename)
    if contains_personnummer(filename) or contains_personnummer(name):
        raise DocumentError("Filnamnet innehåller ett personnummer. Byt namn på filen så att "
                            "det inte går att koppla den till en person och ladda upp den "
                            "igen.", field)
    return name


def _check_daily_quota(user, size, field):
    """Refuse an upload beyond the user's daily number of files or megabytes (Stockholm day)."""
    if user is None:
        return
    settings = current_settings()
    since = datetime.combine(today(), time(0), tzinfo=STOCKHOLM).astimezone(UTC)
    files, used = db.session.execute(
        select(func.count(Document.id), func.coalesce(func.sum(Document.size_bytes), 0))
        .where(Document.uploaded_by_id == user.id,
               Document.uploaded_at >= since.replace(tzinfo=None))).one()
    if files + 1 > settings.upload_daily_files or (
            used + size > settings.upload_daily_mb * 1024 * 1024):
        raise DocumentError(
            f"Du har nått gränsen för uppladdningar i dag ({settings.upload_daily_files} filer "
            f"eller {settings.upload_daily_mb} MB per dag). Försök igen i morgon eller be "
            "en administratör om hjälp.", field)


def _write(document, content):
    """Write the bytes owner-only; remember the file so a rollback removes it."""
    path = upload_dir() / document.storage_name
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
    db.session.info.setdefault(_PENDING, []).append(str(path))


def discard(document):
    """Delete a document with its record; its file goes once the deletion is committed."""
    audit.record("delete", entity="document", entity_id=document.id)
    db.session.info.setdefault(_DOOMED, []).append(str(stored_path(document)))
    db.session.delete(document)


@event.listens_for(Session, "after_commit")
def _settle_committed_files(session):
    """Keep the committed uploads; remove the files of committed deletions."""
    if session.get_nested_transaction() is not None:
        return  # a savepoint: the outer transaction may still roll back
    session.info.pop(_PENDING, None)
    _remove(session.info.pop(_DOOMED, []), "after a committed deletion")


@event.listens_for(Session, "after_soft_rollback")
def _remove_rolled_back_files(session, previous_transaction):
    """A file whose Document row was never committed must not stay on disk."""
    if previous_transaction.parent is not None:
        return
    session.info.pop(_DOOMED, None)  # the deletion did not happen: the file stays
    _remove(session.info.pop(_PENDING, []), "after rollback")


def _remove(names, when):
    for name in names:
        try:
            os.remove(name)
        except FileNotFoundError:
            continue  # already gone: nothing to clean up
        except OSError:  # pragma: no cover - logged, the orphan is harmless
            log.warning("could not remove a document's file %s", when)


def can_view_document(user, document):
    """Return True when the user may download the document (the shared registries' readers)."""
    if document.kind == DocumentKind.EVIDENCE.value and not user.can(Permission.QUALITY_VIEW):
        return False
    if document.agreement_id is not None and not user.can(Permission.AGREEMENTS_VIEW):
        return False
    return user.can(Permission.PROVIDERS_VIEW)
