"""A placement's add-ons (tillägg): attach one for a period, end one; audited services."""

from flask_login import current_user

from registry.core.permissions import Permission, require
from registry.core.scoping import get_owned_or_404
from registry.placements import permissions
from registry.placements.addon_forms import AddonEndForm, AddonForm
from registry.placements.models import Placement, PlacementAddon
from registry.placements.services import addons as services
from registry.placements.views._common import FormPage, placement_form
from registry.placements.views.blueprint import bp

ADD = FormPage("Lägg till tillägg", "Spara tillägg", "Tillägget är sparat.")
END = FormPage("Avsluta tillägg", "Avsluta tillägget", "Tillägget är avslutat.")


@bp.route("/<int:placement_id>/tillagg", methods=["GET", "POST"])
@require(Permission.PLACEMENTS_EDIT)
def addon_create(placement_id):
    """Attach an add-on (tolk, förstärkt bemanning) of the agreement from a date."""
    placement = get_owned_or_404(Placement, placement_id)
    form = AddonForm().for_placement(placement, services.addon_items(placement))

    def action():
        return services.add_addon(current_user, placement, form.values())

    intro = ("Tillägget kostar efter sin egen prisenhet under perioden det gäller."
             if placement.agreement_id else
             "Placeringen är utanför avtal: ange tilläggets namn, prisenhet och pris.")
    return placement_form(placement, form, action, ADD,
                          permissions.can_edit(current_user, placement), intro=intro)


@bp.route("/tillagg/<int:addon_id>/avslut", methods=["GET", "POST"])
@require(Permission.PLACEMENTS_EDIT)
def addon_end(addon_id):
    """End an add-on on its last day."""
    addon = get_owned_or_404(PlacementAddon, addon_id)
    placement = get_owned_or_404(Placement, addon.placement_id, audit_view=False)
    form = AddonEndForm(obj=addon)

    def action():
        return services.end_addon(placement, addon, form.valid_to.data, form.version.data)

    return placement_form(placement, form, action, END,
                          permissions.can_edit(current_user, placement),
                          intro=f"Tillägget {addon.name} gäller från {addon.valid_from:%Y-%m-%d}.")
