"""The `api` blueprint at /api/v1, its OpenAPI document and how it joins the app."""

import flask
from flask_smorest import Api, Blueprint

from registry.api import errors
from registry.api.guard import authenticate, ignore_browser_session
from registry.api.schemas.common import ErrorSchema
from registry.extensions import csrf

DESCRIPTION = ("JSON-API för Utförarregistret Nordväst. Samma behörigheter, kommunavgränsning, "
               "kontroller och loggning som sidorna. Belopp i hela öre (`*_ore`), datum ISO.")

bp = Blueprint("api", __name__, url_prefix="/api/v1", description=DESCRIPTION)
bp.before_request(authenticate)
errors.register(bp)
csrf.exempt(bp)  # bearer tokens only: a cookie never authenticates an API request

SPEC = {
    "title": "Utförarregistret Nordväst API", "version": "1", "openapi_version": "3.0.3",
    "info": {"description": DESCRIPTION},
    "security": [{"bearerAuth": []}],
}


class RegistryApi(Api):
    """flask-smorest with the registry's error schema; the blueprint answers its errors."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        """Leave the app's HTML error pages alone (errors.register handles /api/v1)."""


def undocumented_route(rule, endpoint, view):
    """Add a route that is not itself part of the OpenAPI document."""
    flask.Blueprint.add_url_rule(bp, rule, endpoint, view)


def register_api(app):
    """Mount the API on the app and build its OpenAPI document."""
    from registry.api import resources  # noqa: F401 - the routes join `bp` on import

    app.before_request_funcs.setdefault(None, []).insert(0, ignore_browser_session)
    api = RegistryApi(app, spec_kwargs=dict(SPEC))
    api.spec.components.security_scheme("bearerAuth", {
        "type": "http", "scheme": "bearer",
        "description": "Personlig API-nyckel från profilsidan eller `registry create-token`."})
    api.register_blueprint(bp)
    app.extensions["registry_api"] = api


def spec_of(app):
    """Return this app's OpenAPI document as a dict."""
    return app.extensions["registry_api"].spec.to_dict()
