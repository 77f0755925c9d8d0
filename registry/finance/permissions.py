"""What a user may do with one claim; pages and views ask the same functions."""

from registry.core.permissions import Permission
from registry.finance.models import ClaimStatus

PAYABLE = {ClaimStatus.APPROVED.value, ClaimStatus.PARTLY_APPROVED.value}


def can_edit_claim(user, claim):
    """A draft may be corrected, deleted or submitted by finance."""
    return user.can(Permission.FINANCE_EDIT) and claim.status == ClaimStatus.DRAFT.value


def can_decide_claim(user, claim):
    """A submitted claim gets the police decision recorded by someone who may approve."""
    return user.can(Permission.CLAIMS_APPROVE) and claim.status == ClaimStatus.SUBMITTED.value


def can_pay_claim(user, claim):
    """An approved or partly approved claim may be marked as paid."""
    return user.can(Permission.FINANCE_EDIT) and claim.status in PAYABLE


def can_file_police_papers(user, claim):
    """The police's reference and decision letter are kept by finance once the claim is sent."""
    return user.can(Permission.FINANCE_EDIT) and claim.status != ClaimStatus.DRAFT.value


CLAIM_CHECKS = {"can_edit_claim": can_edit_claim, "can_decide_claim": can_decide_claim,
                "can_pay_claim": can_pay_claim, "can_file_police_papers": can_file_police_papers}
