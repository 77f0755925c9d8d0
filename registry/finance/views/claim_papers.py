"""A claim's papers: the application the police receive (PDF) and their decision letter.

Both are case data: only finance of the claim's municipality reaches them (another
municipality's claim id is the same 404 as a missing one, core/scoping.py), and each download
is audited.
"""

from flask import Response, abort, send_file

from registry.core import audit
from registry.core.dates import today
from registry.core.exports import attachment
from registry.core.permissions import Permission, require
from registry.core.scoping import get_owned_or_404
from registry.core.settings import money_settings
from registry.finance import application, queries
from registry.finance.models import ReimbursementClaim
from registry.finance.services.claims import decision_letter
from registry.finance.views.blueprint import bp
from registry.providers.documents import PDF_MIME, display_name, stored_path


def _pdf_headers(response, name):
    response.headers["Content-Disposition"] = attachment(name)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/claims/<int:claim_id>/application.pdf")
@require(Permission.FINANCE_VIEW)
def claim_application(claim_id):
    """The application to the police for this claim, as a PDF (no names: the case reference)."""
    claim = get_owned_or_404(ReimbursementClaim, claim_id, audit_view=False)
    placement = claim.placement
    paper = application.application_of(
        claim, placement, placement.municipality, queries.plan_of(placement).schedule,
        money_settings(), today())
    audit.record("export", entity="reimbursement_claims", entity_id=claim.id,
                 municipality_id=claim.municipality_id)
    return _pdf_headers(Response(application.render_pdf(paper), mimetype=PDF_MIME),
                        application.file_name(paper))


@bp.get("/claims/<int:claim_id>/decision-letter")
@require(Permission.FINANCE_VIEW)
def claim_decision_letter_file(claim_id):
    """The police decision letter kept for this claim."""
    claim = get_owned_or_404(ReimbursementClaim, claim_id, audit_view=False)
    document = decision_letter(claim)
    if document is None or not stored_path(document).is_file():
        abort(404)
    audit.record("view", entity="document", entity_id=document.id,
                 municipality_id=claim.municipality_id)
    response = send_file(stored_path(document), mimetype=PDF_MIME, as_attachment=True,
                         conditional=False, etag=False,
                         download_name=display_name(document.original_name))
    return _pdf_headers(response, display_name(document.original_name))
