"""Add-ons attached to a placement for a period: attach one, end one (audited).

An add-on within the agreement takes its name, price and unit from an add-on item of the
placement's agreement and provider (PriceListItem.addon), in force on its first day. A
placement outside agreement takes a named add-on with a free price and unit. Finance
reconciles the placement's invoices again (signal addons_changed), since what should be
paid now includes the add-on.
"""

from sqlalchemy import or_, select

from registry.agreements.models import PriceListItem
from registry.core.locking import check_version
from registry.extensions import db
from registry.placements.models import PlacementAddon
from registry.placements.services._common import (
    audited_create,
    audited_update,
    check,
    refuse_personnummer,
)
from registry.placements.signals import addons_changed

UNITS = ("day", "hour", "programme", "month")
FIELDS = ("price_item_id", "name", "unit", "price_ore", "valid_from", "valid_to",
          "hours_per_month")


def addon_items(placement, day=None):
    """Return the add-on price items of the placement's agreement and provider (on `day`)."""
    if placement.agreement_id is None:
        return []
    query = select(PriceListItem).where(
        PriceListItem.agreement_id == placement.agreement_id,
        PriceListItem.provider_id == placement.provider_id,
        PriceListItem.addon != "", PriceListItem.superseded_at.is_(None))
    if day is not None:
        query = query.where(PriceListItem.valid_from <= day,
                            or_(PriceListItem.valid_to.is_(None), PriceListItem.valid_to >= day))
    return list(db.session.scalars(query.order_by(PriceListItem.addon,
                                                  PriceListItem.valid_from)))


def addons_of(placement):
    """Return the placement's add-ons, earliest first."""
    query = select(PlacementAddon).where(PlacementAddon.placement_id == placement.id,
                                        PlacementAddon.municipality_id
                                        == placement.municipality_id)
    return list(db.session.scalars(query.order_by(PlacementAddon.valid_from,
                                                  PlacementAddon.id)))


def _check_period(placement, valid_from, valid_to, field="valid_from"):
    check(valid_from is not None, "Ange från vilket datum tillägget gäller.", field)
    check(valid_from >= placement.start_date, "Ett tillägg kan inte börja före placeringens "
          f"start {placement.start_date:%Y-%m-%d}.", field)
    check(placement.end_date is None or valid_from <= placement.end_date,
          "Placeringen avslutades före det datumet.", field)
    check(valid_to is None or valid_to >= valid_from,
          "Slutdatumet kan inte vara före startdatumet.", "valid_to")


def _priced(placement, values):
    """Return (price item id, name, unit, price öre) of the add-on to attach."""
    item_id = values.get("price_item_id")
    if placement.agreement_id is not None or item_id:
        check(item_id, "Välj ett tillägg ur avtalets prislista.", "price_item_id")
        items = {item.id: item for item in addon_items(placement, values["valid_from"])}
        check(item_id in items, "Avtalet har inget sådant tillägg för utföraren på det "
              "datumet.", "price_item_id")
        item = items[item_id]
        return item.id, item.addon, item.unit, item.price_ore
    name = (values.get("name") or "").strip()
    refuse_personnummer({"name": ("Tillägg", name)})
    check(name, "Ange vilket tillägg det gäller.", "name")
    check(len(name) <= 80, "Högst 80 tecken.", "name")
    check(values.get("unit") in UNITS, "Välj tilläggets prisenhet.", "unit")
    price = values.get("price_ore")
    check(price is not None and price > 0, "Ange ett pris över 0 kr.", "price")
    return None, name, values["unit"], price


def add_addon(user, placement, values):
    """Attach an add-on to the placement from `valid_from` (to `valid_to`, if given)."""
    _check_period(placement, values.get("valid_from"), values.get("valid_to"))
    item_id, name, unit, price = _priced(placement, values)
    hours = values.get("hours_per_month")
    if unit == "hour":
        check(hours is not None and hours > 0, "Ange hur många timmar per månad tillägget "
              "gäller (det tillägget har timpris).", "hours_per_month")
    else:
        hours = None
    addon = audited_create(PlacementAddon(
        placement_id=placement.id, municipality_id=placement.municipality_id,
        price_item_id=item_id, name=name, unit=unit, price_ore=price,
        valid_from=values["valid_from"], valid_to=values.get("valid_to"),
        hours_per_month=hours, recorded_by_id=user.id), FIELDS)
    addons_changed.send(placement)
    return addon


def end_addon(placement, addon, valid_to, version):
    """End an add-on on `valid_to` (its last day), read at `version`."""
    check_version(addon, version)
    check(valid_to is not None, "Ange tilläggets sista dag.", "valid_to")
    _check_period(placement, addon.valid_from, valid_to, "valid_to")
    check(addon.valid_to is None or valid_to <= addon.valid_to,
          "Tillägget slutar redan tidigare; ett avslut kan bara korta perioden.", "valid_to")
    audited_update(addon, {"valid_to": valid_to}, ("valid_to",))
    addons_changed.send(placement)
    return addon
