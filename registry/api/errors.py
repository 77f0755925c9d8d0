"""API errors as DESIGN.md §7 says: {"error": {"code", "message", "fields"}}."""

from flask import jsonify
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from registry.core.errors import MESSAGES

INVALID = "Uppgifterna kunde inte sparas. Se meddelandena för varje fält."
MALFORMED = "Begäran kunde inte tolkas som JSON."
NO_TOKEN = "En giltig API-nyckel krävs: Authorization: Bearer <nyckel>."


class ApiError(Exception):
    """A refusal the API answers with `status` and, for bad input, messages per field."""

    def __init__(self, status, message=None, fields=None):
        super().__init__(message)
        self.status = status
        self.message = message or MESSAGES.get(status, MESSAGES[500])[1]
        self.fields = fields or {}


def error_response(status, message=None, fields=None):
    """Return the JSON error body and status (the request then keeps nothing it wrote, but a
    denial's audit row: core/transactions.py)."""
    body = {"code": status, "message": message or MESSAGES.get(status, MESSAGES[500])[1],
            "fields": fields or {}}
    response = jsonify({"error": body})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def handle_api_error(error):
    return error_response(error.status, error.message, error.fields)


def handle_http(error):
    """Answer webargs' 422 with Swedish field messages, anything else with its status."""
    status = error.code or 500
    messages = getattr(error, "data", {}).get("messages")
    if status == 422 and messages:
        return error_response(422, INVALID, _flatten(messages))
    if status == 400:
        return error_response(400, MALFORMED if messages else None)
    return error_response(status)


def handle_stale(_error):
    return error_response(409)


def _flatten(messages):
    """Return {field: [messages]} from webargs' {location: {field: [...]}}."""
    flat = {}
    for location in messages.values():
        for field, texts in location.items():
            flat[field] = _texts(texts)
    return flat


def _texts(value):
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return [str(value)]


def register(bp):
    """Attach the JSON error handlers to the API blueprint."""
    bp.register_error_handler(ApiError, handle_api_error)
    bp.register_error_handler(HTTPException, handle_http)
    bp.register_error_handler(StaleDataError, handle_stale)
