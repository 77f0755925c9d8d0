"""Price list rules: a new price never rewrites history, and periods of one item never overlap.

An item is (agreement, provider, service type, add-on). Its prices follow one another in
time; a price already in force is never changed, only ended from today on, and a price that
runs until further notice can be ended the day before a new one starts.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select

from registry.agreements.models import PriceListItem
from registry.agreements.services import touch
from registry.core import audit
from registry.core.dates import today
from registry.core.locking import check_version
from registry.core.money import format_money
from registry.core.refusal import Refused
from registry.extensions import db


@dataclass(frozen=True)
class PriceDraft:
    """A price to add, as checked values (form or import row)."""

    provider_id: int
    service_type_id: int
    addon: str
    valid_from: date
    valid_to: date | None
    price_ore: int


def periods_overlap(first_from, first_to, second_from, second_to):
    """Return True when two periods (None = until further notice) share a day."""
    return ((second_to is None or first_from <= second_to)
            and (first_to is None or second_from <= first_to))


def conflicting_items(agreement_id, draft):
    """Return the agreement's prices for the same item whose periods overlap the draft's."""
    query = select(PriceListItem).where(
        PriceListItem.agreement_id == agreement_id,
        PriceListItem.provider_id == draft.provider_id,
        PriceListItem.service_type_id == draft.service_type_id,
        PriceListItem.addon == draft.addon,
        PriceListItem.superseded_at.is_(None),
        or_(PriceListItem.valid_to.is_(None), PriceListItem.valid_to >= draft.valid_from))
    if draft.valid_to is not None:
        query = query.where(PriceListItem.valid_from <= draft.valid_to)
    return list(db.session.scalars(query.order_by(PriceListItem.valid_from)))


def describe_period(item):
    """Return '4 850 kr från 2026-01-01 till och med 2026-12-31' (or 'tills vidare')."""
    end = f"till och med {item.valid_to}" if item.valid_to else "tills vidare"
    return f"{format_money(item.price_ore)} från {item.valid_from} {end}"


def overlap_message(item):
    return (f"Perioden överlappar ett befintligt pris för samma utförare, insats och tillägg "
            f"({describe_period(item)}). Perioder för samma pris får inte överlappa.")


def add_price(agreement, draft, user, close_current=False, on=None):
    """Add a price to the agreement's list, refusing an overlap with an existing period."""
    on = on or today()
    if draft.provider_id not in {row.provider_id for row in agreement.providers}:
        raise Refused("Utföraren finns inte på avtalet. Lägg till utföraren först.",
                               "provider_id")
    conflicts = conflicting_items(agreement.id, draft)
    if conflicts and close_current:
        _close_before(conflicts, draft, on)
    elif conflicts:
        raise Refused(overlap_message(conflicts[0]), "valid_from")
    item = _insert(agreement, draft, user)
    touch(agreement)
    return item


def _close_before(conflicts, draft, on):
    """End the open-ended price the day before the new one, if that changes no past day."""
    current = conflicts[0]
    if len(conflicts) > 1 or current.valid_to is not None or \
            current.valid_from >= draft.valid_from:
        raise Refused(overlap_message(current), "valid_from")
    if draft.valid_from <= on:
        raise Refused("Ett pris som redan gäller kan bara avslutas från och med i "
                               "morgon; historiken skrivs aldrig om. Välj ett senare "
                               "startdatum.", "valid_from")
    end_price(current, draft.valid_from - timedelta(days=1), current.version, on)


def insert_prices(agreement, drafts, user):
    """Insert checked prices (the import has already refused overlaps); return the items."""
    items = [_insert(agreement, draft, user) for draft in drafts]
    touch(agreement)
    return items


def _insert(agreement, draft, user):
    item = PriceListItem(agreement_id=agreement.id, provider_id=draft.provider_id,
                         service_type_id=draft.service_type_id, addon=draft.addon,
                         valid_from=draft.valid_from, valid_to=draft.valid_to,
                         price_ore=draft.price_ore, created_by_id=user.id if user else None)
    db.session.add(item)
    db.session.flush()
    audit.record("create", entity="price_list_item", entity_id=item.id, changes={
        name: {"before": None, "after": _plain(getattr(item, name))}
        for name in ("agreement_id", "provider_id", "service_type_id", "valid_from",
                     "valid_to", "price_ore")})
    return item


def _plain(value):
    return value if value is None or isinstance(value, int) else str(value)


def end_price(item, valid_to, version, on=None):
    """End a price earlier than planned; days already passed keep their price."""
    on = on or today()
    check_version(item, version)
    if valid_to < item.valid_from:
        raise Refused("Slutdatumet kan inte ligga före det datum priset börjar gälla.",
                               "valid_to")
    if valid_to < on - timedelta(days=1):
        raise Refused("Ett pris kan inte avslutas bakåt i tiden; historiken skrivs "
                               "aldrig om.", "valid_to")
    if item.valid_to is not None and valid_to >= item.valid_to:
        raise Refused(f"Priset gäller redan bara till och med {item.valid_to}; det "
                               "kan avslutas tidigare men inte förlängas.", "valid_to")
    item.valid_to = valid_to
    changes = audit.diff(item, ("valid_to",))
    db.session.flush()
    audit.record("update", entity="price_list_item", entity_id=item.id, changes=changes)
    return item
