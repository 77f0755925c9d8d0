"""The provider comparison for one service type: prices, coverage, permit, quality, outcomes.

Everything is read in a fixed number of queries whatever the number of providers. Prices
are split into the user's own municipality's agreements and all others; only agreements in
force (active or in an option period) and base prices (no add-on) count.
"""

from dataclasses import dataclass, field

from sqlalchemy import or_, select

from registry.agreements.models import Agreement, AgreementProvider, PriceListItem
from registry.agreements.permissions import party_ids
from registry.agreements.queries import describe, is_current, with_details
from registry.agreements.status import IN_FORCE
from registry.core.enums import LabelledEnum
from registry.extensions import db
from registry.providers.models import Provider, ProviderStatus, ServiceType
from registry.providers.queries import target_group_clause
from registry.providers.status import permit_status, provider_status, status_clause
from registry.quality.queries import latest_standing
from registry.reports.provider_outcomes import outcomes_by_provider


class ComparisonSort(LabelledEnum):
    NAME = "name", "Namn"
    OWN_PRICE = "own_price", "Pris på egna avtal"
    OTHER_PRICE = "other_price", "Pris på andra avtal"
    SCORE = "score", "Kvalitetspoäng"


_LAST = float("inf")


@dataclass
class ComparisonRow:
    """One provider, side by side with the others."""

    provider: Provider
    status: ProviderStatus
    permit: str
    standing: object = None
    outcomes: object = None
    own_price: PriceListItem | None = None
    other_price: PriceListItem | None = None
    own_agreements: list = field(default_factory=list)
    other_agreements: list = field(default_factory=list)


def compare(service_type, on, municipality_id=None, target_group="", sort="own_price"):
    """Return the comparison rows for a service type, sorted by an allow-listed key."""
    providers = _providers(service_type, on, target_group)
    ids = [p.id for p in providers]
    rows = {p.id: ComparisonRow(p, provider_status(p, on), permit_status(p, on))
            for p in providers}
    in_force = _agreements_in_force(ids, on)
    _add_coverage(rows, in_force, municipality_id)
    _add_prices(rows, _prices(service_type, ids, in_force, on), in_force, municipality_id)
    for pid, standing in latest_standing(ids).items():
        rows[pid].standing = standing
    for pid, outcomes in outcomes_by_provider(ids, on, municipality_id).items():
        rows[pid].outcomes = outcomes
    return sort_rows(list(rows.values()), sort)


def _providers(service_type, on, target_group):
    """Providers that offer the service or have a price for it; terminated ones left out."""
    priced = select(PriceListItem.provider_id).where(
        PriceListItem.service_type_id == service_type.id)
    query = select(Provider).where(
        or_(Provider.services.any(ServiceType.id == service_type.id), Provider.id.in_(priced)),
        ~status_clause(ProviderStatus.TERMINATED, on))
    if target_group:
        query = query.where(target_group_clause(target_group))
    return list(db.session.scalars(query.order_by(Provider.legal_name)))


def _agreements_in_force(provider_ids, on):
    """Return {agreement id: (AgreementView, {provider ids})} for agreements in force."""
    if not provider_ids:
        return {}
    links = db.session.execute(select(AgreementProvider.agreement_id,
                                      AgreementProvider.provider_id)
                               .where(AgreementProvider.provider_id.in_(provider_ids))).all()
    agreement_ids = {agreement_id for agreement_id, _ in links}
    query = with_details(select(Agreement)).where(Agreement.id.in_(agreement_ids))
    views = {a.id: describe(a, on) for a in db.session.scalars(query)}
    result = {}
    for agreement_id, provider_id in links:
        view = views[agreement_id]
        if view.status in IN_FORCE:
            result.setdefault(agreement_id, (view, set()))[1].add(provider_id)
    return result


def _is_own(view, municipality_id):
    return municipality_id is not None and municipality_id in party_ids(view.agreement)


def _add_coverage(rows, in_force, municipality_id):
    for view, provider_ids in sorted(in_force.values(), key=lambda v: v[0].agreement.reference):
        own = _is_own(view, municipality_id)
        for pid in provider_ids:
            target = rows[pid].own_agreements if own else rows[pid].other_agreements
            target.append(view.agreement)


def _prices(service_type, provider_ids, in_force, on):
    """Return the base prices for the service in force on `on` on agreements in force, in the
    service's unit only: a price per hour and one per day are never compared as one figure."""
    if not provider_ids or not in_force:
        return []
    query = select(PriceListItem).where(
        PriceListItem.service_type_id == service_type.id, PriceListItem.addon == "",
        PriceListItem.unit == service_type.unit,
        PriceListItem.provider_id.in_(provider_ids),
        PriceListItem.agreement_id.in_(list(in_force)), PriceListItem.superseded_at.is_(None))
    return [item for item in db.session.scalars(query) if is_current(item, on)]


def _add_prices(rows, items, in_force, municipality_id):
    """Keep each provider's lowest price on own agreements and on the others."""
    for item in items:
        row = rows[item.provider_id]
        slot = "own_price" if _is_own(in_force[item.agreement_id][0], municipality_id) \
            else "other_price"
        best = getattr(row, slot)
        if best is None or item.price_ore < best.price_ore:
            setattr(row, slot, item)


def _price_key(item):
    return item.price_ore if item is not None else _LAST


SORT_KEYS = {
    "name": lambda row: row.provider.legal_name.casefold(),
    "own_price": lambda row: (_price_key(row.own_price), _price_key(row.other_price)),
    "other_price": lambda row: _price_key(row.other_price),
    "score": lambda row: -row.standing.score if row.standing else _LAST,
}


def sort_rows(rows, sort):
    """Sort by name first, then by the chosen key (cheapest first, best score first)."""
    rows.sort(key=SORT_KEYS["name"])
    if sort in SORT_KEYS and sort != "name":
        rows.sort(key=SORT_KEYS[sort])
    return rows
