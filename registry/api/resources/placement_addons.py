"""/placements/{id}/addons: the add-ons attached to one own placement (DESIGN §7)."""

from registry.api.blueprint import bp
from registry.api.forms import run
from registry.api.guard import api_user
from registry.api.listing import forbid_unless, owned
from registry.api.resources.placements import ONE, TAGS
from registry.api.schemas.addons import AddonInSchema, AddonSchema
from registry.core.money import format_rate
from registry.core.permissions import Permission, require
from registry.placements import permissions
from registry.placements.models import Placement
from registry.placements.services import addons as services

RENAMES = {"price": "price_ore"}


def shown(addon):
    """Return an add-on as the API shows it, with its label ('Tolk 700 kr/timme')."""
    return {name: getattr(addon, name) for name in AddonSchema._declared_fields
            if name != "label"} | {
        "label": f"{addon.name} {format_rate(addon.price_ore, addon.unit)}"}


@bp.route(f"{ONE}/addons", methods=["GET"], tags=TAGS)
@require(Permission.PLACEMENT_MONEY_VIEW)
@bp.response(200, AddonSchema(many=True))
def list_addons(placement_id):
    """List the placement's add-ons, earliest first (another municipality's: 404)."""
    return [shown(addon) for addon in services.addons_of(owned(Placement, placement_id))]


@bp.route(f"{ONE}/addons", methods=["POST"], tags=TAGS)
@require(Permission.PLACEMENTS_EDIT)
@bp.arguments(AddonInSchema)
@bp.response(201, AddonSchema)
def create_addon(payload, placement_id):
    """Attach an add-on from `valid_from`; within agreement it is one of its add-on items."""
    placement = owned(Placement, placement_id, audit_view=False)
    forbid_unless(permissions.can_edit(api_user(), placement))
    addon = run(lambda: services.add_addon(api_user(), placement, payload), RENAMES)
    return shown(addon)
