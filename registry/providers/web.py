"""The form round trip every procurement page shares: validate, call a service, commit once."""

from flask import request

from registry.extensions import db
from registry.providers.errors import ProcurementError


def submit(form, action, on_success):
    """Run `action` for a valid POST; commit and return on_success(result), else None.

    A refusal (ProcurementError) is rolled back and shown next to its field; the caller then
    renders the form again with form_status(). A stale version raises StaleDataError (409).
    """
    if not form.validate_on_submit():
        return None
    try:
        result = action()
    except ProcurementError as refused:
        db.session.rollback()
        form.add_error(refused.field, refused.message)
        return None
    return on_success(result)


def form_status():
    """Return 422 for a form posted back with errors, 200 for a first view."""
    return 422 if request.method == "POST" else 200
