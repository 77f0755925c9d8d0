"""Reads for user administration and the audit log."""

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import and_, func, or_, select

from registry.admin.audit_entities import PLACEMENT_CHILDREN, PLACEMENT_ENTITIES, aliases
from registry.auth.models import User
from registry.core.audit import AuditEvent
from registry.core.dates import STOCKHOLM
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.placements.models import Placement

PAGE_SIZE = 50


def users():
    """Return every user with municipality, ordered by municipality then e-mail."""
    query = (select(User).outerjoin(Municipality, User.municipality_id == Municipality.id)
             .order_by(Municipality.name.nulls_first(), User.email))
    return db.session.scalars(query).all()


def municipalities():
    return db.session.scalars(select(Municipality).order_by(Municipality.name)).all()


def audit_query(filters):
    """Return the select of AuditEvent matching the filters, without order or paging.

    A placement (entity "placements" with an id, or a case reference) brings the rows of
    its reports, follow-ups, deviations, extensions, rate changes, invoices and claims too.
    Dates are Swedish calendar days.
    """
    query = select(AuditEvent)
    if filters.get("action"):
        query = query.where(AuditEvent.action == filters["action"])
    placements = _placement_ids(filters)
    if placements is not None:
        query = query.where(of_placements(placements))
    elif filters.get("entity"):
        query = query.where(AuditEvent.entity.in_(aliases(filters["entity"])))
    if filters.get("entity_id") and placements is None:
        query = query.where(AuditEvent.entity_id == filters["entity_id"])
    if filters.get("user"):
        text = filters["user"].strip().lower()
        query = query.where(AuditEvent.user_id.in_(select(User.id).where(or_(
            User.email.contains(text), func.lower(User.display_name).contains(text)))))
    if filters.get("municipality_id"):
        query = query.where(AuditEvent.municipality_id == int(filters["municipality_id"]))
    if filters.get("date_from"):
        query = query.where(AuditEvent.occurred_at >= _utc_midnight(filters["date_from"]))
    if filters.get("date_to"):
        query = query.where(AuditEvent.occurred_at
                            < _utc_midnight(filters["date_to"] + timedelta(days=1)))
    return query


def _utc_midnight(day):
    """Return the naive UTC time at which the Swedish calendar day `day` begins."""
    return datetime.combine(day, time.min, STOCKHOLM).astimezone(UTC).replace(tzinfo=None)


def _placement_ids(filters):
    """Return a select of the placement ids the filters name, None when they name none."""
    reference = (filters.get("case_reference") or "").strip()
    if reference:
        return select(Placement.id).where(
            func.lower(Placement.case_reference) == reference.lower())
    if filters.get("entity") in PLACEMENT_ENTITIES and filters.get("entity_id"):
        return select(Placement.id).where(Placement.id == filters["entity_id"])
    return None


def of_placements(placement_ids):
    """Return the condition "the row is about one of these placements or a record of theirs"."""
    own = and_(AuditEvent.entity.in_(PLACEMENT_ENTITIES), AuditEvent.entity_id.in_(placement_ids))
    children = [and_(AuditEvent.entity == name,
                     AuditEvent.entity_id.in_(select(model.id).where(
                         model.placement_id.in_(placement_ids))))
                for name, model in PLACEMENT_CHILDREN.items()]
    return or_(own, *children)


def count(query):
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def audit_events(filters, page=1):
    """Return (events, total) of audit events matching the filters, newest first."""
    query = audit_query(filters)
    rows = db.session.scalars(query.order_by(AuditEvent.id.desc())
                              .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return rows, count(query)


def audit_events_for_export(filters):
    """Return every AuditEvent matching the filters, newest first."""
    return db.session.scalars(audit_query(filters).order_by(AuditEvent.id.desc())).all()


def audited_entities():
    """Return the distinct entity names in the log, for the filter list."""
    query = select(AuditEvent.entity).where(AuditEvent.entity.is_not(None)).distinct()
    return sorted(db.session.scalars(query).all())
