"""Police reimbursement claims: draft → submitted → approved / partly approved / rejected → paid.

Each step is dated and signed by the user who records it. A draft may be corrected or
deleted; after that the claim only moves forward.
"""

from sqlalchemy import select

from registry.core import audit
from registry.core.locking import check_version
from registry.core.money import format_money
from registry.core.refusal import Refused
from registry.extensions import db
from registry.finance import queries, reimbursement
from registry.finance.models import ClaimStatus, ReimbursementClaim
from registry.finance.services.errors import check_day, lock_placement, refuse
from registry.providers.documents import discard, store_upload
from registry.providers.models import Document, DocumentKind

S = ClaimStatus
FIELDS = ("period_start", "period_end", "amount_ore", "status", "submitted_on",
          "submitted_by_id", "decided_on", "decided_by_id", "approved_ore", "paid_on",
          "paid_ore", "paid_by_id", "police_reference")
DECISIONS = (S.APPROVED, S.PARTLY_APPROVED, S.REJECTED)
PAYABLE = (S.APPROVED, S.PARTLY_APPROVED)


def _problems(placement, claim_id, values, settings, as_of):
    """Return the rule problems of a claim for `values` among the placement's other claims."""
    others = [queries.claim_period(c) for c in queries.claims_of(placement) if c.id != claim_id]
    return reimbursement.claim_problems(
        placement, queries.plan_of(placement).schedule, values["period_start"],
        values["period_end"], values["amount_ore"], others, settings, as_of)


def create_claim(placement, values, user, settings, as_of):
    """Create a draft claim for period_start..period_end and amount_ore, within the rules."""
    lock_placement(placement.id)
    refuse(_problems(placement, None, values, settings, as_of))
    claim = ReimbursementClaim(
        placement_id=placement.id, municipality_id=placement.municipality_id,
        period_start=values["period_start"], period_end=values["period_end"],
        amount_ore=values["amount_ore"], status=S.DRAFT.value, created_by_id=user.id)
    changes = audit.diff(claim, FIELDS)
    db.session.add(claim)
    db.session.flush()
    audit.record("create", "reimbursement_claims", claim.id, changes)
    return claim


def _require_status(claim, allowed, doing):
    if claim.status not in {s.value for s in allowed}:
        label = S(claim.status).label.lower()
        raise Refused(f"Återsökningen har status {label} och kan inte {doing}.")


def _record_update(claim, changes):
    db.session.flush()
    audit.record("update", "reimbursement_claims", claim.id, changes)
    return claim


def update_claim(claim, values, version, settings, as_of):
    """Correct a draft's period and amount, within the rules."""
    check_version(claim, version)
    _require_status(claim, (S.DRAFT,), "ändras")
    lock_placement(claim.placement_id)
    refuse(_problems(claim.placement, claim.id, values, settings, as_of))
    with db.session.no_autoflush:
        claim.period_start, claim.period_end = values["period_start"], values["period_end"]
        claim.amount_ore = values["amount_ore"]
        changes = audit.diff(claim, FIELDS)
    return _record_update(claim, changes)


def delete_draft(claim, version):
    """Delete a claim that was never submitted."""
    check_version(claim, version)
    _require_status(claim, (S.DRAFT,), "tas bort")
    audit.record("delete", "reimbursement_claims", claim.id)
    db.session.delete(claim)
    db.session.flush()


def submit_claim(claim, submitted_on, version, user, today):
    """Mark a draft as submitted to the police on `submitted_on`."""
    check_version(claim, version)
    _require_status(claim, (S.DRAFT,), "skickas in")
    check_day(submitted_on, "submitted_on", today, claim.period_end, "periodens sista dag")
    with db.session.no_autoflush:
        claim.status, claim.submitted_on = S.SUBMITTED.value, submitted_on
        claim.submitted_by_id = user.id
        changes = audit.diff(claim, FIELDS)
    return _record_update(claim, changes)


def _approved_amount(claim, outcome, approved_ore):
    if outcome == S.APPROVED:
        return claim.amount_ore
    if outcome == S.REJECTED:
        return 0
    if approved_ore is None or not 0 < approved_ore < claim.amount_ore:
        raise Refused(f"Ett delvis beviljat belopp ska vara större än 0 kr och mindre än "
                           f"det sökta beloppet ({format_money(claim.amount_ore)}).",
                           "approved_amount")
    return approved_ore


def decide_claim(claim, outcome, decided_on, approved_ore, version, user, today):
    """Record the police decision: approved, partly approved (with the amount) or rejected."""
    check_version(claim, version)
    _require_status(claim, (S.SUBMITTED,), "få ett beslut")
    if outcome not in {s.value for s in DECISIONS}:
        raise Refused("Välj beslutet.", "outcome")
    outcome = S(outcome)
    check_day(decided_on, "decided_on", today, claim.submitted_on, "dagen den skickades in")
    approved = _approved_amount(claim, outcome, approved_ore)
    with db.session.no_autoflush:
        claim.status, claim.decided_on, claim.decided_by_id = outcome.value, decided_on, user.id
        claim.approved_ore = approved
        changes = audit.diff(claim, FIELDS)
    return _record_update(claim, changes)


def pay_claim(claim, paid_on, paid_ore, version, user, today):
    """Record the payment; the amount defaults to the approved one and never exceeds it."""
    check_version(claim, version)
    _require_status(claim, PAYABLE, "betalas ut")
    check_day(paid_on, "paid_on", today, claim.decided_on, "beslutsdagen")
    paid = claim.approved_ore if paid_ore is None else paid_ore
    if not 0 < paid <= claim.approved_ore:
        raise Refused(f"Det utbetalda beloppet ska vara större än 0 kr och högst det "
                           f"beviljade ({format_money(claim.approved_ore)}).", "paid_amount")
    with db.session.no_autoflush:
        claim.status, claim.paid_on, claim.paid_ore = S.PAID.value, paid_on, paid
        claim.paid_by_id = user.id
        changes = audit.diff(claim, FIELDS)
    return _record_update(claim, changes)


def record_police_reference(claim, reference, version):
    """Record the police's reference number (diarienummer) of a claim sent to them."""
    check_version(claim, version)
    reference = " ".join((reference or "").split())
    if claim.status == S.DRAFT.value:
        raise Refused("Polisens diarienummer kan registreras när återsökningen är inskickad.",
                      "police_reference")
    if not reference:
        raise Refused("Ange polisens diarienummer.", "police_reference")
    with db.session.no_autoflush:
        claim.police_reference = reference
        changes = audit.diff(claim, FIELDS)
    return _record_update(claim, changes)


def decision_letter(claim):
    """Return the police decision letter kept for the claim, or None."""
    return db.session.scalar(select(Document).where(Document.claim_id == claim.id))


def attach_decision_letter(claim, file_storage, version, user):
    """Keep the police decision letter (a checked PDF) on a decided claim; a new one replaces
    the earlier letter."""
    check_version(claim, version)
    if claim.decided_on is None:
        raise Refused("Polisens beslut kan laddas upp när beslutet är registrerat.", "file")
    earlier = decision_letter(claim)
    document = store_upload(file_storage, DocumentKind.POLICE_DECISION.value, claim=claim,
                            user=user, field="file")
    if earlier is not None:
        discard(earlier)
    db.session.flush()
    audit.record("update", "reimbursement_claims", claim.id,
                 {"file": {"before": earlier.original_name if earlier else None,
                           "after": document.original_name}})
    return document
