"""The refusal every money rule raises, and the checks the services share."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from registry.core.refusal import Refused
from registry.extensions import db
from registry.placements.models import Placement


def refuse(problems):
    """Raise the first (field, message) problem as a Refused; do nothing when none."""
    if problems:
        field, message = problems[0]
        raise Refused(message, field)


def check_day(day, field, today, not_before=None, before_label=""):
    """Refuse a step date in the future or before the previous step's date."""
    if day is None:
        raise Refused("Ange datum.", field)
    if day > today:
        raise Refused("Datumet kan inte ligga i framtiden.", field)
    if not_before is not None and day < not_before:
        raise Refused(f"Datumet kan inte vara före {before_label} "
                           f"({not_before.isoformat()}).", field)


def lock_placement(placement_id):
    """Serialise money writes per placement: PostgreSQL row lock (SQLite locks on write)."""
    db.session.execute(select(Placement.id).where(Placement.id == placement_id)
                       .with_for_update())


def save_unique(obj, message, field):
    """Add and flush `obj` in a savepoint; a unique-constraint violation becomes Refused."""
    try:
        with db.session.begin_nested():
            db.session.add(obj)
    except IntegrityError as exc:
        raise Refused(message, field) from exc
