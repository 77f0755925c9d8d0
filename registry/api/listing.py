"""Paging, allow-listed sorting and the loaders every API view shares."""

from flask import request
from sqlalchemy import func, select

from registry.api.errors import ApiError
from registry.core.audit import record_denied
from registry.core.scoping import get_owned_or_404
from registry.extensions import db


def sorted_by(query, model, sort, columns=None):
    """Order by an allow-listed key ('-key' descending), then by id for a stable order."""
    key = sort.lstrip("-")
    column = (columns or {}).get(key, getattr(model, key))
    order = column.desc() if sort.startswith("-") else column.asc()
    return query.order_by(order, model.id.desc() if sort.startswith("-") else model.id.asc())


def paged(query, args):
    """Return {"items", "page", "per_page", "total"} for one page of `query`."""
    page, per_page = args["page"], args["per_page"]
    total = db.session.scalar(select(func.count()).select_from(
        query.order_by(None).subquery()))
    rows = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page))
                .unique())
    return {"items": rows, "page": page, "per_page": per_page, "total": total}


def owned(model, object_id, audit_view=True):
    """Load one record of the user's municipality; foreign and missing are the same 404."""
    return get_owned_or_404(model, object_id, audit_view=audit_view)


def one_or_404(model, object_id):
    """Load one shared record or answer 404."""
    obj = db.session.get(model, object_id)
    if obj is None:
        raise ApiError(404)
    return obj


def forbid_unless(allowed):
    """Answer 403 unless the page's own can_… rule allows the action (the refusal is logged)."""
    if not allowed:
        record_denied(request.endpoint)
        raise ApiError(403)


def merged(current, loaded):
    """Return the current values with the fields the request sent laid over them (PATCH)."""
    sent = request.get_json(silent=True) or {}
    return {**current, **{name: value for name, value in loaded.items() if name in sent}}
