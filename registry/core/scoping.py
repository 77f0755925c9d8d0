"""The one place case data is scoped to the user's municipality."""

from flask import abort, request
from flask_login import current_user
from sqlalchemy import false, select

from registry.core import audit
from registry.extensions import db

_LARGEST_ID = 2**31 - 1


def scoped(model, user=None):
    """Return select(model) limited to the user's municipality; nothing for users without one."""
    user = user or current_user
    query = select(model)
    if user is None or not user.is_authenticated or user.municipality_id is None:
        return query.where(false())
    return query.where(model.municipality_id == user.municipality_id)


def get_owned_or_404(model, object_id, entity=None, audit_view=True):
    """Load one case-data record of the user's municipality; foreign and missing are one 404."""
    obj = db.session.scalar(scoped(model).where(model.id == object_id))
    if obj is None:
        not_found(object_id)
    if audit_view:
        audit.record("view", entity=entity or model.__tablename__, entity_id=obj.id,
                     municipality_id=obj.municipality_id)
    return obj


def not_found(object_id=None):
    """Answer 404 for an id the user may not reach, foreign or missing, and log the probe.

    The `denied` row names the route and the id; it is written apart from the request, which
    rolls back (core.transactions.write_apart), so the probe leaves exactly that one row.
    """
    known = isinstance(object_id, int) and 0 <= object_id <= _LARGEST_ID
    audit.record_denied(request.endpoint, object_id if known else None)
    abort(404)
