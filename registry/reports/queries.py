"""Set-based reads behind the reports: placements as rows of facts, never a text column.

Cross-municipal statistics read every municipality's placements but only through these
aggregate-bound columns; the reports turn them into counts and sums before anything is shown.
Reports of one municipality's own placements pass a scoped() select instead.
"""

from sqlalchemy import case, select

from registry.agreements.models import PriceListItem
from registry.agreements.queries import list_agreements
from registry.core.dates import today
from registry.extensions import db
from registry.finance.models import ReimbursementClaim
from registry.municipalities.models import Municipality
from registry.placements.models import MonthlyReport, Placement
from registry.placements.rules import in_care_sql
from registry.placements.schedule import received_on_time_sql
from registry.providers.models import Provider, ServiceType

FACT_COLUMNS = (Placement.id.label("placement_id"), Placement.municipality_id,
                Municipality.name.label("municipality"), Placement.service_type_id,
                ServiceType.name.label("service_type"), Placement.provider_id,
                Provider.legal_name.label("provider"), Placement.support_category,
                Placement.end_reason, Placement.start_date, Placement.end_date,
                Placement.daily_rate_ore, Placement.case_reference)


def filtered(query, filters, model=Placement):
    """Return `query` limited to the filters' municipality, service type and provider."""
    if filters.municipality_id:
        query = query.where(model.municipality_id == filters.municipality_id)
    if filters.service_type_id:
        query = query.where(Placement.service_type_id == filters.service_type_id)
    if filters.provider_id:
        query = query.where(Placement.provider_id == filters.provider_id)
    return query


def placements_in_care(filters, base=None):
    """Return a select of the placements with a care day in the period, filtered."""
    query = base if base is not None else select(Placement)
    return filtered(query.where(in_care_sql(Placement, filters.first, filters.last)), filters)


def facts(placement_query):
    """Return [row] of FACT_COLUMNS for the placements a select over Placement yields."""
    query = (placement_query.with_only_columns(*FACT_COLUMNS)
             .join(Municipality, Municipality.id == Placement.municipality_id)
             .join(ServiceType, ServiceType.id == Placement.service_type_id)
             .join(Provider, Provider.id == Placement.provider_id)
             .order_by(Municipality.name, Placement.id))
    return db.session.execute(query).all()


def municipality_names():
    """Return every municipality's name, in name order."""
    return list(db.session.scalars(select(Municipality.name).order_by(Municipality.name)))


def ended_in_period(filters):
    """Return a select of placements that ended within the period, filtered."""
    return filtered(select(Placement).where(Placement.end_date.between(filters.first,
                                                                       filters.last)), filters)


def report_timeliness(filters, due_day_column=Municipality.report_due_day):
    """Return [(report id, municipality id, municipality, on time)] of provider reports received
    for months in the period."""
    on_time = received_on_time_sql(MonthlyReport.received_on, MonthlyReport.month,
                                   due_day_column)
    query = (select(MonthlyReport.id, Municipality.id, Municipality.name,
                    case((on_time, 1), else_=0))
             .join(Municipality, Municipality.id == MonthlyReport.municipality_id)
             .join(Placement, Placement.id == MonthlyReport.placement_id)
             .where(MonthlyReport.source == "provider", MonthlyReport.received_on.is_not(None),
                    MonthlyReport.month.between(filters.first, filters.last)))
    query = filtered(query, filters, MonthlyReport)
    return [(report_id, municipality_id, name, bool(on))
            for report_id, municipality_id, name, on in db.session.execute(query)]


def claims_in_period(placement_ids, first, last):
    """Return [(placement id, status, amount, paid, period start, period end)] of claims over
    first..last."""
    if not placement_ids:
        return []
    query = select(ReimbursementClaim.placement_id, ReimbursementClaim.status,
                   ReimbursementClaim.amount_ore, ReimbursementClaim.paid_ore,
                   ReimbursementClaim.period_start, ReimbursementClaim.period_end).where(
        ReimbursementClaim.placement_id.in_(placement_ids),
        ReimbursementClaim.period_start <= last, ReimbursementClaim.period_end >= first)
    return db.session.execute(query).all()


def eligibility(placement_ids):
    """Return the Placement rows (police-criteria dates loaded) the reimbursement rule reads."""
    if not placement_ids:
        return {}
    return {p.id: p for p in db.session.scalars(select(Placement).where(
        Placement.id.in_(placement_ids)))}


def agreements_in_force(filters):
    """Return the AgreementViews in force some day of the period, filtered (status rule reused)."""
    views = list_agreements(filters.last, municipality_id=filters.municipality_id)
    views = [v for v in views
             if v.agreement.start_date <= filters.last and v.current_end >= filters.first]
    if filters.service_type_id or filters.provider_id:
        query = select(PriceListItem.agreement_id)
        if filters.service_type_id:
            query = query.where(PriceListItem.service_type_id == filters.service_type_id)
        if filters.provider_id:
            query = query.where(PriceListItem.provider_id == filters.provider_id)
        wanted = set(db.session.scalars(query))
        views = [v for v in views if v.agreement.id in wanted]
    return views


def base_prices(filters):
    """Return [(service type, unit, price öre)] of base price items in force on the period's
    last day (today while the period runs)."""
    on = min(filters.last, today())
    query = (select(ServiceType.name, PriceListItem.unit, PriceListItem.price_ore)
             .join(ServiceType, ServiceType.id == PriceListItem.service_type_id)
             .where(PriceListItem.superseded_at.is_(None), PriceListItem.addon == "",
                    PriceListItem.valid_from <= on,
                    (PriceListItem.valid_to.is_(None)) | (PriceListItem.valid_to >= on)))
    if filters.service_type_id:
        query = query.where(PriceListItem.service_type_id == filters.service_type_id)
    if filters.provider_id:
        query = query.where(PriceListItem.provider_id == filters.provider_id)
    if filters.municipality_id:
        ids = [view.agreement.id for view in list_agreements(
            on, municipality_id=filters.municipality_id)]
        query = query.where(PriceListItem.agreement_id.in_(ids))
    return db.session.execute(query).all()
