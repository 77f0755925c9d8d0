"""What every placement write shares: refusing, auditing and the audited field lists."""

from registry.core import audit
from registry.core.refusal import Refused
from registry.extensions import db
from registry.placements.rules import refuse_personnummer

__all__ = ["allowed", "audited_create", "audited_update", "check",
           "refuse_personnummer"]


def allowed(enum):
    """Return the set of an enum's values."""
    return {member.value for member in enum}


def check(condition, message, field=None):
    """Raise Refused(message, field) unless the condition holds."""
    if not condition:
        raise Refused(message, field)


def audited_create(obj, fields, extra=None):
    """Add a new case-data row, flush it and audit its values (free text only named)."""
    db.session.add(obj)
    changes = {**audit.diff(obj, fields), **(extra or {})}
    db.session.flush()
    audit.record("create", entity=obj.__tablename__, entity_id=obj.id, changes=changes,
                 municipality_id=obj.municipality_id)
    return obj


def audited_update(obj, values, fields):
    """Set `values` on a row, flush and audit what changed; nothing changed, nothing logged."""
    for name, value in values.items():
        setattr(obj, name, value)
    changes = audit.diff(obj, fields)
    if changes:
        db.session.flush()
        audit.record("update", entity=obj.__tablename__, entity_id=obj.id, changes=changes,
                     municipality_id=obj.municipality_id)
    return changes
