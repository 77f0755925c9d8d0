"""Bearer-token authentication: a browser session never authenticates an API request."""

from flask import g, request
from flask_login import current_user

from registry.api.errors import NO_TOKEN, error_response
from registry.auth.tokens import user_for_token
from registry.extensions import login_manager

# The documentation needs no token: it holds no registry data.
PUBLIC = {"api.docs", "api.openapi_json"}


def is_api_request():
    return (request.endpoint or "").startswith("api.")


def ignore_browser_session():
    """Before any other guard: an API request starts anonymous whatever cookie it carries."""
    if is_api_request():
        g._login_user = login_manager.anonymous_user()


def authenticate():
    """Log the request in as the bearer token's user, or answer a JSON 401."""
    if request.endpoint in PUBLIC:
        return None
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    user = user_for_token(token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        return error_response(401, NO_TOKEN)
    g._login_user = user
    return None


def api_user():
    """Return the token's user (a real object, for services that keep it)."""
    return current_user._get_current_object()
