"""What the agreements pages share: loading an agreement to change, going back to it."""

from flask import abort, request, url_for
from flask_login import current_user

from registry.agreements import queries
from registry.agreements.permissions import can_edit_agreement, can_edit_prices
from registry.core.audit import record_denied
from registry.core.roundtrip import succeeded


def editable_or_403(agreement_id, prices=False):
    """Load an agreement the user may change, else 403 (and the refusal is logged)."""
    agreement = queries.get_agreement(agreement_id)
    allowed = can_edit_prices if prices else can_edit_agreement
    if not allowed(current_user, agreement):
        record_denied(request.endpoint)
        abort(403)
    return agreement


def detail_url(agreement):
    """Return the agreement page's address."""
    return url_for("agreements.detail", agreement_id=agreement.id)


def to_detail(agreement, message):
    """Flash a message and go back to the agreement page."""
    return succeeded(agreement, detail_url, message)
