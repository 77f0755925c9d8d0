"""The API's own documentation: the OpenAPI document and a readable page (both public)."""

from flask import current_app, jsonify, render_template

from registry.api.blueprint import spec_of, undocumented_route

METHODS = ("get", "post", "patch", "put", "delete")


def openapi_json():
    """Return the OpenAPI 3 document, generated from the schemas that check requests."""
    return jsonify(spec_of(current_app))


def docs():
    """Show every operation with its parameters, for developers (no login needed)."""
    spec = spec_of(current_app)
    operations = [(path, method.upper(), op) for path, item in spec["paths"].items()
                  for method, op in item.items() if method in METHODS]
    return render_template("api/docs.html", spec=spec, operations=operations)


undocumented_route("/openapi.json", "openapi_json", openapi_json)
undocumented_route("/", "docs", docs)
