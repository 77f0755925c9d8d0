"""Open data: agreements as an OCDS 1.1 release package (JSON). No case data goes out."""

import json

from flask import Response, abort, url_for

from registry.agreements import ocds, queries
from registry.agreements.views.blueprint import bp
from registry.core import audit
from registry.core.dates import today, utcnow
from registry.core.exports import attachment
from registry.core.permissions import Permission, require


def _package(agreement_id=None):
    on = today()
    views = queries.agreements_for_export(on, agreement_id)
    if agreement_id is not None and not views:
        return None
    prices = queries.current_prices([v.agreement.id for v in views], on)
    uri = (url_for("agreements.ocds_package", _external=True) if agreement_id is None
           else url_for("agreements.ocds_one", agreement_id=agreement_id, _external=True))
    return ocds.release_package(views, prices, utcnow(), uri)


def _json(package, filename):
    audit.record("export", entity="agreement_ocds")
    body = json.dumps(package, ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": attachment(filename),
        "Cache-Control": "no-store"})


@bp.get("/ocds.json")
@require(Permission.AGREEMENTS_VIEW)
def ocds_package():
    """Download every agreement as an OCDS release package."""
    return _json(_package(), "avtal-ocds.json")


@bp.get("/<int:agreement_id>/ocds.json")
@require(Permission.AGREEMENTS_VIEW)
def ocds_one(agreement_id):
    """Download one agreement as an OCDS release package."""
    package = _package(agreement_id)
    if package is None:
        abort(404)
    return _json(package, f"avtal-{agreement_id}-ocds.json")
