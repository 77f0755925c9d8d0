"""The append-only audit log: who did what to which record, never the contents."""

import uuid
from datetime import datetime

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from registry.core.dates import utcnow
from registry.core.enums import LabelledEnum
from registry.core.models import enum_check
from registry.core.transactions import write_apart
from registry.extensions import db


class AuditAction(LabelledEnum):
    VIEW = "view", "Visning"
    CREATE = "create", "Skapande"
    UPDATE = "update", "Ändring"
    DELETE = "delete", "Borttagning"
    EXPORT = "export", "Export"
    LOGIN = "login", "Inloggning"
    FAILED_LOGIN = "failed_login", "Misslyckad inloggning"
    LOGOUT = "logout", "Utloggning"
    DENIED = "denied", "Nekad åtkomst"


ACTIONS = tuple(action.value for action in AuditAction)


class AuditEvent(db.Model):
    """One audited action. Rows are only ever inserted.

    The ORM guard below refuses changes made through objects; triggers (migration a10audit)
    refuse UPDATE, DELETE and TRUNCATE in the database itself, bulk statements included.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        enum_check("action", ACTIONS),
        Index("ix_audit_events_entity", "entity", "entity_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"))
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str | None] = mapped_column(String(60))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    changes: Mapped[dict | None] = mapped_column(JSON)
    request_id: Mapped[str | None] = mapped_column(String(36))
    ip: Mapped[str | None] = mapped_column(String(45))


class AuditLogIsAppendOnly(RuntimeError):
    """Raised when code tries to change or delete an audit row."""


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session, _context, _instances):
    """Refuse any ORM update or delete of an audit row, whichever session it comes through."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent):
            raise AuditLogIsAppendOnly("audit events are never changed or deleted")


# Columns whose contents are free text: an audit diff names them but never copies them.
FREE_TEXT_MARKERS = ("text", "note", "comment", "justification", "reason", "description",
                     "participants", "outcome", "summary")


def request_id():
    """Return this request's id, made on first use."""
    if not has_request_context():
        return None
    if "request_id" not in g:
        g.request_id = request.headers.get("X-Request-ID", "")[:36] or str(uuid.uuid4())
    return g.request_id


def record(action, entity=None, entity_id=None, changes=None, municipality_id=None,
           user_id=None):
    """Add an audit row to the current session; the request commits it."""
    if user_id is None and current_user and current_user.is_authenticated:
        user_id = current_user.id
    if municipality_id is None and current_user and current_user.is_authenticated:
        municipality_id = current_user.municipality_id
    event = AuditEvent(
        action=action, entity=entity, entity_id=entity_id, changes=changes or None,
        municipality_id=municipality_id, user_id=user_id, request_id=request_id(),
        ip=request.remote_addr if has_request_context() else None,
    )
    db.session.add(event)
    return event


def record_denied(what, entity_id=None):
    """Record a refused access in its own transaction: it outlives the request's rollback."""
    event = record("denied", entity=what, entity_id=entity_id)
    db.session.expunge(event)
    write_apart(event)
    return event


def diff(obj, fields):
    """Return {field: {before, after}} for changed `fields`, free text named but not copied."""
    from sqlalchemy import inspect

    state = inspect(obj)
    changes = {}
    for name in fields:
        history = state.attrs[name].history
        if not history.has_changes():
            continue
        if any(marker in name for marker in FREE_TEXT_MARKERS):
            changes[name] = {"changed": True}
            continue
        before = history.deleted[0] if history.deleted else None
        after = history.added[0] if history.added else None
        changes[name] = {"before": _plain(before), "after": _plain(after)}
    return changes


def _plain(value):
    if value is None or isinstance(value, (int, float, bool, str)):
        return value
    return str(value)
