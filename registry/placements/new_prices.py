"""A new agreement price reaches the running placements it concerns, once someone confirms it.

A price list item valid from day D concerns a placement on the same agreement, provider and
service type (base price, not an add-on; not a per-programme service, paid once at its start)
that started before D and is still in care on D.
It waits for confirmation ("Nya priser att bekräfta") while the placement's rate on D differs
from the new price and nobody has recorded a rate change from D. Confirming records that rate
change (audited, the earlier rates kept), so confirming twice records one change. Only the
placement's own municipality sees or confirms it (DESIGN §2: a new price from day D is
offered as a rate change from D; nothing changes silently).
"""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError

from registry.agreements.models import Agreement, PriceListItem
from registry.core.money import format_money
from registry.core.refusal import Refused
from registry.extensions import db
from registry.placements.models import Placement, RateChange
from registry.placements.rules import in_care_sql
from registry.placements.services import change_rate
from registry.providers.models import ServiceUnit

ALREADY = "Det nya priset är redan bekräftat för placeringen eller gäller inte längre."


@dataclass(frozen=True)
class NewPrice:
    """One running placement and the agreement price it has not yet taken from `valid_from`."""

    placement: Placement
    item: PriceListItem
    current_rate_ore: int

    @property
    def valid_from(self):
        return self.item.valid_from


def _candidates(municipality_id, placement_id=None, item_id=None):
    """Return (placement, item) pairs of the municipality's placements a later price concerns."""
    query = select(Placement, PriceListItem).join(PriceListItem, and_(
        PriceListItem.agreement_id == Placement.agreement_id,
        PriceListItem.provider_id == Placement.provider_id,
        PriceListItem.service_type_id == Placement.service_type_id,
    )).where(
        Placement.municipality_id == municipality_id,
        PriceListItem.addon == "", PriceListItem.superseded_at.is_(None),
        PriceListItem.valid_from > Placement.start_date,  # the start rate is not changed
        # a programme is paid once, at its start (DESIGN §2a): a later price does not reach it;
        # a price in another unit is not this placement's price
        Placement.rate_unit != ServiceUnit.PROGRAMME.value,
        PriceListItem.unit == Placement.rate_unit,
        in_care_sql(Placement, PriceListItem.valid_from, PriceListItem.valid_from),
    ).order_by(PriceListItem.valid_from, Placement.case_reference, Placement.id)
    if placement_id is not None:
        query = query.where(Placement.id == placement_id)
    if item_id is not None:
        query = query.where(PriceListItem.id == item_id)
    return db.session.execute(query).all()


def _rate_changes(placement_ids):
    """Return {placement id: [(valid_from, rate öre)]} in date order (one query)."""
    found = defaultdict(list)
    if not placement_ids:
        return found
    query = select(RateChange.placement_id, RateChange.valid_from, RateChange.daily_rate_ore
                   ).where(RateChange.placement_id.in_(placement_ids)
                           ).order_by(RateChange.valid_from)
    for placement_id, valid_from, rate in db.session.execute(query):
        found[placement_id].append((valid_from, rate))
    return found


def rate_on(start_rate_ore, changes, day):
    """Return the rate valid on `day`: the last change from on or before it, else the start."""
    rate = start_rate_ore
    for valid_from, changed in changes:
        if valid_from > day:
            break
        rate = changed
    return rate


def pending(municipality_id, placement_id=None, item_id=None):
    """Return the NewPrice rows still waiting for the municipality's confirmation."""
    if municipality_id is None:
        return []
    pairs = _candidates(municipality_id, placement_id, item_id)
    changes = _rate_changes(sorted({placement.id for placement, _ in pairs}))
    rows = []
    for placement, item in pairs:
        own = changes[placement.id]
        if any(valid_from == item.valid_from for valid_from, _ in own):
            continue  # someone already decided the rate from that day
        current = rate_on(placement.daily_rate_ore, own, item.valid_from)
        if current != item.price_ore:
            rows.append(NewPrice(placement, item, current))
    return rows


def agreement_references(rows):
    """Return {agreement id: reference} for the rows' agreements (one query)."""
    ids = {row.item.agreement_id for row in rows}
    if not ids:
        return {}
    return dict(db.session.execute(select(Agreement.id, Agreement.reference).where(
        Agreement.id.in_(ids))).all())


def confirm(user, placement, item_id):
    """Record the new price as the placement's rate from its first day; refuse a repeat."""
    rows = pending(user.municipality_id, placement.id, item_id)
    if not rows:
        raise Refused(ALREADY)
    item = rows[0].item
    reason = (f"Nytt avtalspris {format_money(item.price_ore)} från {item.valid_from} "
              f"(prislista, pris nr {item.id}); bekräftat i registret.")
    try:
        with db.session.begin_nested():  # a second click racing this one hits the unique day
            return change_rate(user, placement, item.valid_from, item.price_ore, reason)
    except IntegrityError as exc:
        raise Refused(ALREADY) from exc


def count_pending(municipality_id):
    """Return how many new prices wait for the municipality's confirmation."""
    return len(pending(municipality_id))
