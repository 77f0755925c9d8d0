"""Who may change an agreement: purchasers of its party municipalities, and nobody else."""

from registry.core.permissions import Permission


def party_ids(agreement):
    """Return the ids of the agreement's lead and participating municipalities."""
    return {agreement.lead_municipality_id} | {m.id for m in agreement.participants}


def can_edit_agreement(user, agreement):
    """Return True when the user may edit the agreement, its prices, options, terms and files.

    Every purchaser reads every agreement; only a purchaser of the lead or a participating
    municipality changes it. Views (403 otherwise) and templates both ask this function.
    """
    if user is None or not user.is_authenticated or user.municipality_id is None:
        return False
    if not user.can(Permission.AGREEMENTS_EDIT):
        return False
    return user.municipality_id in party_ids(agreement)


def can_edit_prices(user, agreement):
    """Return True when the user may change the agreement's price list."""
    return can_edit_agreement(user, agreement) and user.can(Permission.PRICES_EDIT)
