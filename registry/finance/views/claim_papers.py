"""A claim's papers: the application the police receive (PDF) and their decision letter.

Both are case data: only finance of the claim's municipality reaches them (another
municipality's claim, or letter address, is the same 404 as a missing one, core/scoping.py);
each download asks for a recent password, like every export, and is audited. The letter is
served at its random document address, never through the providers' route.
"""

from flask import Response, send_file
from sqlalchemy import select

from registry.auth.fresh import fresh_login_required
from registry.core import audit
from registry.core.dates import today
from registry.core.exports import attachment
from registry.core.permissions import Permission, require
from registry.core.scoping import get_owned_or_404, not_found, scoped
from registry.core.settings import money_settings
from registry.extensions import db
from registry.finance import application, queries
from registry.finance.models import ReimbursementClaim
from registry.finance.views.blueprint import bp
from registry.providers.documents import PDF_MIME, display_name, stored_path
from registry.providers.models import Document


def _pdf_headers(response, name):
    response.headers["Content-Disposition"] = attachment(name)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/claims/<int:claim_id>/application.pdf")
@require(Permission.FINANCE_VIEW)
@fresh_login_required
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


@bp.get("/decision-letters/<public_id>")
@require(Permission.FINANCE_VIEW)
@fresh_login_required
def claim_decision_letter_file(public_id):
    """A police decision letter, to finance of its claim's municipality (else the 404)."""
    own_claims = scoped(ReimbursementClaim).with_only_columns(ReimbursementClaim.id)
    document = db.session.scalar(select(Document).where(
        Document.public_id == public_id, Document.claim_id.in_(own_claims)))
    if document is None or not stored_path(document).is_file():
        not_found()
    audit.record("view", entity="document", entity_id=document.id)
    name = display_name(document.original_name)
    response = send_file(stored_path(document), mimetype=PDF_MIME, as_attachment=True,
                         conditional=False, etag=False, download_name=name)
    return _pdf_headers(response, name)
