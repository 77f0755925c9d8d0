"""The one place case data is scoped to the user's municipality."""

from flask import abort
from flask_login import current_user
from sqlalchemy import false, select

from registry.core import audit
from registry.extensions import db


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
        abort(404)
    if audit_view:
        audit.record("view", entity=entity or model.__tablename__, entity_id=obj.id,
                     municipality_id=obj.municipality_id)
    return obj
