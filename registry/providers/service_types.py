"""The configurable list of service types (insatstyper): the coordinator adds and edits them.

A service type is never deleted (placements and prices refer to it); it is made inactive,
so it leaves the choice lists and keeps its history. Flush, audit, raise Refused.
"""

import re
import unicodedata

from sqlalchemy import func, select

from registry.core import audit
from registry.core.locking import check_version
from registry.core.refusal import Refused
from registry.extensions import db
from registry.providers.models import ServiceType, ServiceUnit

EDITABLE = ("name", "unit", "requires_permit", "residential", "active")


def all_service_types():
    """Return every service type, the inactive ones too, in display order."""
    return list(db.session.scalars(select(ServiceType).order_by(
        ServiceType.active.desc(), ServiceType.position, ServiceType.name)))


def create_service_type(values):
    """Add a service type at the end of the list, with a code made from its name."""
    position = db.session.scalar(select(func.coalesce(func.max(ServiceType.position), 0)))
    service = ServiceType(code=_free_code(values.get("name", "")), position=position + 1,
                          active=True)
    return _save(service, values, "create")


def update_service_type(service, values, version):
    """Change a service type's name, unit, permit requirement or whether it is offered."""
    check_version(service, version)
    return _save(service, values, "update")


def _save(service, values, action):
    name = (values.get("name") or "").strip()
    if not name:
        raise Refused("Ange insatstypens namn.", "name")
    if not ServiceUnit.has(values.get("unit")):
        raise Refused("Välj en prisenhet.", "unit")
    with db.session.no_autoflush:
        taken = db.session.scalar(select(ServiceType.id).where(
            func.lower(ServiceType.name) == name.lower(), ServiceType.id != (service.id or 0)))
    if taken is not None:
        raise Refused(f"Det finns redan en insatstyp som heter {name}.", "name")
    for field in EDITABLE:
        if field in values:
            setattr(service, field, name if field == "name" else values[field])
    changes = audit.diff(service, (*EDITABLE, "code"))
    db.session.add(service)
    db.session.flush()
    if action == "update" and not changes:
        return service
    audit.record(action, entity="service_type", entity_id=service.id, changes=changes)
    return service


def _free_code(name):
    """Return a code from the name ('Jourhem' -> 'jourhem'), numbered when already taken."""
    plain = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", plain).strip("_")[:32] or "insats"
    taken = set(db.session.scalars(select(ServiceType.code).where(
        ServiceType.code.like(f"{base}%"))))
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}_{n}"
    return code
