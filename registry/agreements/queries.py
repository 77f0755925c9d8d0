"""Reads of the shared agreement registry: lists, one agreement, prices and spend."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from registry.agreements.models import (
    Agreement,
    AgreementProvider,
    ExtensionOption,
    PriceListItem,
    agreement_parties,
)
from registry.agreements.status import (
    AgreementStatus,
    agreement_status,
    effective_end,
    exercised_option_months,
)
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.providers.models import Provider, ProviderStatus, ServiceType


@dataclass(frozen=True)
class AgreementView:
    """An agreement with its status and end date as of one day."""

    agreement: Agreement
    status: AgreementStatus
    current_end: date
    days_left: int


def describe(agreement, on):
    """Return the agreement with its derived status and current end as of `on`."""
    months = exercised_option_months(agreement.options)
    status = agreement_status(agreement.start_date, agreement.end_date, months, on)
    end = effective_end(agreement.end_date, months)
    return AgreementView(agreement, status, end, (end - on).days)


def with_details(query):
    return query.options(joinedload(Agreement.lead_municipality),
                         selectinload(Agreement.options), selectinload(Agreement.participants))


def party_filter(municipality_id):
    """Return a WHERE clause: the municipality leads or takes part in the agreement."""
    parties = select(agreement_parties.c.agreement_id).where(
        agreement_parties.c.municipality_id == municipality_id)
    return or_(Agreement.lead_municipality_id == municipality_id, Agreement.id.in_(parties))


PAGE_SIZE = 25


def _matching(form=None, municipality_id=None, q=None):
    """Return a select of the agreements matching the filters (no loader options, no order)."""
    query = select(Agreement)
    if form:
        query = query.where(Agreement.form == form)
    if municipality_id:
        query = query.where(party_filter(municipality_id))
    if q:
        pattern = f"%{q.strip()}%"
        query = query.where(or_(Agreement.title.ilike(pattern),
                                Agreement.reference.ilike(pattern)))
    return query


def _newest_first(query):
    return query.order_by(Agreement.start_date.desc(), Agreement.reference)


def list_agreements(on, form=None, status=None, municipality_id=None, q=None):
    """Return AgreementViews matching the filters, newest start first."""
    query = with_details(_newest_first(_matching(form, municipality_id, q)))
    views = [describe(a, on) for a in db.session.scalars(query)]
    return [v for v in views if not status or v.status == status]


def _with_status(query, status, on):
    """Narrow `query` to the agreements whose derived status on `on` is `status`.

    The status is derived in Python (options apply one after another), so this reads only
    the dates of the matching agreements and their options: two statements, whatever the
    number of agreements.
    """
    ids = query.with_only_columns(Agreement.id).order_by(None).scalar_subquery()
    options = defaultdict(list)
    option_rows = select(ExtensionOption.agreement_id, ExtensionOption.sequence,
                         ExtensionOption.decision, ExtensionOption.length_months
                         ).where(ExtensionOption.agreement_id.in_(ids))
    for row in db.session.execute(option_rows):
        options[row.agreement_id].append(row)
    dates = query.with_only_columns(Agreement.id, Agreement.start_date, Agreement.end_date)
    wanted = [agreement_id for agreement_id, start, end in db.session.execute(dates.order_by(None))
              if agreement_status(start, end, exercised_option_months(options[agreement_id]),
                                  on) == status]
    return query.where(Agreement.id.in_(wanted))


def agreements_page(page, on, form=None, status=None, municipality_id=None, q=None):
    """Return one page (PAGE_SIZE) of the list, newest start first; its items are AgreementViews.

    Status, end date and spend are worked out for the agreements on the page only; the
    parties are loaded with them, since who may see an agreement's spend depends on them.
    """
    query = _matching(form, municipality_id, q)
    if status:
        query = _with_status(query, status, on)
    query = _newest_first(query).options(joinedload(Agreement.lead_municipality),
                                         selectinload(Agreement.options),
                                         selectinload(Agreement.participants))
    result = db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)
    result.items = [describe(a, on) for a in result.items]
    return result


def get_agreement(agreement_id):
    """Return one agreement with parties, providers, options and terms, or 404."""
    query = with_details(select(Agreement)).where(Agreement.id == agreement_id).options(
        selectinload(Agreement.providers).joinedload(AgreementProvider.provider),
        selectinload(Agreement.terms))
    return db.first_or_404(query)


def price_items(agreement_id=None, provider_id=None, current_on=None):
    """Return price items (all history, or only those valid on `current_on`)."""
    query = select(PriceListItem).options(
        joinedload(PriceListItem.provider), joinedload(PriceListItem.service_type),
        joinedload(PriceListItem.agreement)).order_by(
        PriceListItem.provider_id, PriceListItem.service_type_id, PriceListItem.addon,
        PriceListItem.valid_from.desc())
    if agreement_id is not None:
        query = query.where(PriceListItem.agreement_id == agreement_id)
    if provider_id is not None:
        query = query.where(PriceListItem.provider_id == provider_id)
    if current_on is not None:
        query = query.where(PriceListItem.superseded_at.is_(None),
                            PriceListItem.valid_from <= current_on,
                            or_(PriceListItem.valid_to.is_(None),
                                PriceListItem.valid_to >= current_on))
    return list(db.session.scalars(query).unique())


def is_current(item, on):
    """Return True when a price item is in force on day `on` and not superseded."""
    return (item.superseded_at is None and item.valid_from <= on
            and (item.valid_to is None or item.valid_to >= on))


def agreements_for_provider(provider_id, on):
    """Return (AgreementView, AgreementProvider) pairs for the agreements a provider is on."""
    query = (select(AgreementProvider).where(AgreementProvider.provider_id == provider_id)
             .options(joinedload(AgreementProvider.agreement).joinedload(
                 Agreement.lead_municipality),
                 joinedload(AgreementProvider.agreement).selectinload(Agreement.options)))
    rows = db.session.scalars(query).unique()
    pairs = [(describe(row.agreement, on), row) for row in rows]
    return sorted(pairs, key=lambda pair: pair[0].current_end, reverse=True)


def current_prices(agreement_ids, on):
    """Return {agreement id: [price items in force on `on`]} for the given agreements."""
    if not agreement_ids:
        return {}
    query = (select(PriceListItem)
             .where(PriceListItem.agreement_id.in_(agreement_ids),
                    PriceListItem.superseded_at.is_(None), PriceListItem.valid_from <= on,
                    or_(PriceListItem.valid_to.is_(None), PriceListItem.valid_to >= on))
             .options(joinedload(PriceListItem.provider), joinedload(PriceListItem.service_type))
             .order_by(PriceListItem.provider_id, PriceListItem.service_type_id,
                       PriceListItem.addon))
    grouped = {agreement_id: [] for agreement_id in agreement_ids}
    for item in db.session.scalars(query):
        grouped[item.agreement_id].append(item)
    return grouped


def agreements_for_export(on, agreement_id=None):
    """Return AgreementViews with parties and providers loaded, for the open-data export."""
    query = with_details(select(Agreement)).options(
        selectinload(Agreement.providers).joinedload(AgreementProvider.provider)
    ).order_by(Agreement.reference)
    if agreement_id is not None:
        query = query.where(Agreement.id == agreement_id)
    return [describe(a, on) for a in db.session.scalars(query)]


def selectable_providers():
    """Return the providers that can be put on an agreement (not terminated), by name."""
    query = select(Provider).where(Provider.status != ProviderStatus.TERMINATED.value)
    return list(db.session.scalars(query.order_by(Provider.legal_name)))


def municipalities():
    """Return the municipalities by name."""
    return list(db.session.scalars(select(Municipality).order_by(Municipality.name)))


def service_types():
    """Return the active service types in display order."""
    query = select(ServiceType).where(ServiceType.active.is_(True))
    return list(db.session.scalars(query.order_by(ServiceType.position, ServiceType.name)))


def part_or_404(model, agreement, part_id):
    """Return an option, provider row or price item that belongs to the agreement, or 404."""
    return db.first_or_404(select(model).where(model.id == part_id,
                                               model.agreement_id == agreement.id))
