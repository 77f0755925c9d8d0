"""New agreement prices for the municipality's running placements: listed, then confirmed."""

from flask import render_template, request, url_for
from flask_login import current_user

from registry.core import audit
from registry.core.permissions import Permission, require
from registry.core.roundtrip import act
from registry.core.scoping import get_owned_or_404
from registry.placements import new_prices
from registry.placements.models import Placement
from registry.placements.views.blueprint import bp


@bp.app_template_global()
def new_price_count():
    """Return how many new prices wait for the user's municipality (0 without the right)."""
    if not current_user.is_authenticated or not current_user.can(Permission.RATES_CONFIRM):
        return 0
    return new_prices.count_pending(current_user.municipality_id)


@bp.app_template_global()
def new_prices_of(placement):
    """Return the new prices waiting for one own placement (none without the right)."""
    if not current_user.is_authenticated or not current_user.can(Permission.RATES_CONFIRM):
        return []
    return new_prices.pending(current_user.municipality_id, placement.id)


@bp.get("/nya-priser")
@require(Permission.RATES_CONFIRM)
def new_price_list():
    """List the own running placements a new agreement price concerns, oldest day first."""
    rows = new_prices.pending(current_user.municipality_id)
    audit.record("view", entity="new_prices")  # the list shows case references
    return render_template("placements/new_prices.html", rows=rows,
                           references=new_prices.agreement_references(rows))


@bp.post("/<int:placement_id>/nya-priser/<int:item_id>")
@require(Permission.RATES_CONFIRM)
def confirm_new_price(placement_id, item_id):
    """Record the new price as the placement's rate from its first day."""
    placement = get_owned_or_404(Placement, placement_id, audit_view=False)
    user = current_user._get_current_object()
    return act(lambda: new_prices.confirm(user, placement, item_id),
               f"Det nya priset gäller för {placement.case_reference} från sitt datum.",
               _back(placement))


def _back(placement):
    """Return to the page the button was on (an allow-listed name, never a posted URL)."""
    pages = {"placement": "placements.detail", "finance": "finance.placement"}
    endpoint = pages.get(request.form.get("back", ""))
    if endpoint is None:
        return url_for("placements.new_price_list")
    return url_for(endpoint, placement_id=placement.id)
