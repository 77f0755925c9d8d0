"""Reads for user administration and the audit log."""

from datetime import datetime, time

from sqlalchemy import func, select

from registry.auth.models import User
from registry.core.audit import AuditEvent
from registry.extensions import db
from registry.municipalities.models import Municipality

PAGE_SIZE = 50


def users():
    """Return every user with municipality, ordered by municipality then e-mail."""
    query = (select(User).outerjoin(Municipality, User.municipality_id == Municipality.id)
             .order_by(Municipality.name.nulls_first(), User.email))
    return db.session.scalars(query).all()


def municipalities():
    return db.session.scalars(select(Municipality).order_by(Municipality.name)).all()


def audit_query(filters):
    """Return the select of (AuditEvent, email) matching the filters, without order or paging."""
    query = select(AuditEvent, User.email).outerjoin(User, AuditEvent.user_id == User.id)
    if filters.get("action"):
        query = query.where(AuditEvent.action == filters["action"])
    if filters.get("entity"):
        query = query.where(AuditEvent.entity == filters["entity"])
    if filters.get("entity_id"):
        query = query.where(AuditEvent.entity_id == filters["entity_id"])
    if filters.get("user"):
        query = query.where(User.email.contains(filters["user"].strip().lower()))
    if filters.get("municipality_id"):
        query = query.where(AuditEvent.municipality_id == int(filters["municipality_id"]))
    if filters.get("date_from"):
        query = query.where(AuditEvent.occurred_at >= datetime.combine(filters["date_from"],
                                                                       time.min))
    if filters.get("date_to"):
        query = query.where(AuditEvent.occurred_at <= datetime.combine(filters["date_to"],
                                                                       time.max))
    return query


def count(query):
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def audit_events(filters, page=1):
    """Return (rows, total) of audit events matching the filters, newest first."""
    query = audit_query(filters)
    rows = db.session.execute(query.order_by(AuditEvent.id.desc())
                              .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return rows, count(query)


def audit_events_for_export(filters):
    """Return every (AuditEvent, email) matching the filters, newest first."""
    return db.session.execute(audit_query(filters).order_by(AuditEvent.id.desc())).all()


def audited_entities():
    """Return the distinct entity names in the log, for the filter list."""
    query = select(AuditEvent.entity).where(AuditEvent.entity.is_not(None)).distinct()
    return sorted(db.session.scalars(query).all())
