"""The refusal every money rule raises, and the checks the services share."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from registry.extensions import db
from registry.placements.models import Placement


class FinanceError(ValueError):
    """A money action was refused; `field` names the form field (None: the whole form)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def refuse(problems):
    """Raise the first (field, message) problem as a FinanceError; do nothing when none."""
    if problems:
        field, message = problems[0]
        raise FinanceError(message, field)


def check_day(day, field, today, not_before=None, before_label=""):
    """Refuse a step date in the future or before the previous step's date."""
    if day is None:
        raise FinanceError("Ange datum.", field)
    if day > today:
        raise FinanceError("Datumet kan inte ligga i framtiden.", field)
    if not_before is not None and day < not_before:
        raise FinanceError(f"Datumet kan inte vara före {before_label} "
                           f"({not_before.isoformat()}).", field)


def lock_placement(placement_id):
    """Serialise money writes per placement: PostgreSQL row lock (SQLite locks on write)."""
    db.session.execute(select(Placement.id).where(Placement.id == placement_id)
                       .with_for_update())


def save_unique(obj, message, field):
    """Add and flush `obj` in a savepoint; a unique-constraint violation becomes FinanceError."""
    try:
        with db.session.begin_nested():
            db.session.add(obj)
    except IntegrityError as exc:
        raise FinanceError(message, field) from exc
