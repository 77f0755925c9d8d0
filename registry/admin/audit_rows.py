"""Audit events as loggkontroll shows them: one presenter for the page and the export.

Who by name, role and municipality; when in Swedish time; what in Swedish; the case
reference of the placement the record belongs to; and each change as "before → after".
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from registry.admin.audit_entities import PLACEMENT_CHILDREN, PLACEMENT_ENTITIES, entity_label
from registry.admin.audit_values import Change, changes_of, references, stockholm_time
from registry.agreements.models import Agreement
from registry.auth.models import User
from registry.core.audit import AuditAction
from registry.core.permissions import Role
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.placements.models import Placement
from registry.providers.models import Provider, ServiceType

NO_VALUE = "–"
# What an id in a change is shown as.
NAME_COLUMNS = {"users": User.display_name, "providers": Provider.legal_name,
                "municipalities": Municipality.name, "service_types": ServiceType.name,
                "agreements": Agreement.reference, "placements": Placement.case_reference}
_CHUNK = 500  # ids per IN list (SQLite allows a few hundred thousand; stay far below)


@dataclass(frozen=True)
class AuditRow:
    event_id: int
    time: datetime  # Swedish time, naive
    user: str
    email: str
    role: str
    municipality: str
    action: str
    entity: str
    entity_id: int | None
    case_reference: str
    changes: list[Change]
    ip: str
    request_id: str


def present(events):
    """Return an AuditRow for each event, looking up users and case references in batches."""
    users = _users({e.user_id for e in events if e.user_id})
    towns = _municipality_names()
    cases = case_references(events)
    names = _names(set().union(*(references(e.entity, e.changes) for e in events)))
    return [_row(event, users.get(event.user_id), towns, cases, names) for event in events]


def _row(event, user, towns, cases, names):
    return AuditRow(
        event_id=event.id, time=stockholm_time(event.occurred_at),
        user=user.display_name if user else NO_VALUE, email=user.email if user else "",
        role=_role_text(user, towns), municipality=towns.get(event.municipality_id, NO_VALUE),
        action=AuditAction.label_of(event.action), entity=entity_label(event.entity),
        entity_id=event.entity_id,
        case_reference=cases.get((event.entity, event.entity_id), ""),
        changes=changes_of(event.entity, event.changes, names), ip=event.ip or "",
        request_id=event.request_id or "")


def _role_text(user, towns):
    """Return "Socialsekreterare, Solna": the user's roles and own municipality."""
    if user is None:
        return ""
    roles = [role.label for role in Role if role in user.roles]
    town = towns.get(user.municipality_id)
    return ", ".join([*roles, *([town] if town else [])])


def _users(ids):
    found = {}
    for chunk in _chunks(ids):
        found.update({u.id: u for u in db.session.scalars(select(User).where(User.id.in_(chunk)))})
    return found


def _names(wanted):
    """Return {(table, id): name} of the users, providers, … that changes name by id."""
    found = {}
    for table, column in NAME_COLUMNS.items():
        ids = {row_id for name, row_id in wanted if name == table}
        key = column.class_.id
        for chunk in _chunks(ids):
            found.update({(table, row_id): name for row_id, name in db.session.execute(
                select(key, column).where(key.in_(chunk)))})
    return found


def _municipality_names():
    return dict(db.session.execute(select(Municipality.id, Municipality.name)).all())


def case_references(events):
    """Return {(entity, id): case reference} of the placement each event's record belongs to."""
    wanted = {}
    for event in events:
        if event.entity_id and (event.entity in PLACEMENT_ENTITIES
                                or event.entity in PLACEMENT_CHILDREN):
            wanted.setdefault(event.entity, set()).add(event.entity_id)
    found = {}
    for name, ids in wanted.items():
        for chunk in _chunks(ids):
            found.update({(name, row_id): ref for row_id, ref in db.session.execute(
                _reference_query(name, chunk))})
    return found


def _reference_query(name, ids):
    if name in PLACEMENT_ENTITIES:
        return select(Placement.id, Placement.case_reference).where(Placement.id.in_(ids))
    child = PLACEMENT_CHILDREN[name]
    return (select(child.id, Placement.case_reference)
            .join(Placement, Placement.id == child.placement_id).where(child.id.in_(ids)))


def _chunks(ids):
    ids = sorted(ids)
    return [ids[i:i + _CHUNK] for i in range(0, len(ids), _CHUNK)]
