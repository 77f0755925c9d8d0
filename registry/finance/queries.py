"""Reads of money: accrued costs, invoices, claims and budgets, in bulk and without N+1.

Case data is read through scoped(); only the agreement spend (spend_by_agreement, spend_parts)
crosses municipality lines: one sum per agreement and municipality, with the number of
placements behind it, for finance/agreement_spend.py to disclose by DESIGN §2a.
Monthly reports are read column by column (days in care only), so no report text ever reaches
a finance page.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from registry.auth.models import User
from registry.core.scoping import scoped
from registry.extensions import db
from registry.finance import addons as addon_money
from registry.finance import calculations as calc
from registry.finance import reimbursement
from registry.finance.models import Budget, Invoice, ReimbursementClaim
from registry.finance.reconciliation import InvoiceFacts, reconcile
from registry.finance.reimbursement import ClaimPeriod
from registry.placements.choices import POLICE_CRITERIA, ReportSource
from registry.placements.models import MonthlyReport, Placement, PlacementAddon, RateChange
from registry.placements.rules import in_care_sql

PAGE_SIZE = 50
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class PlacementPlan:
    """A placement's rate schedule with the keys money pages group it by."""

    id: int
    agreement_id: int | None
    planned_end: date
    schedule: calc.RateSchedule
    municipality_id: int | None = None
    addons: tuple = ()  # AddonPlan, each costed by its own unit (finance/addons.py)


def plans(placement_query):
    """Return {placement id: PlacementPlan} for the placements a select() yields (two queries).

    `placement_query` is a select over Placement (scoped or not); only its WHERE matters.
    """
    columns = (Placement.id, Placement.agreement_id, Placement.planned_end,
               Placement.start_date, Placement.end_date, Placement.daily_rate_ore,
               Placement.municipality_id, Placement.rate_unit, Placement.planned_hours_per_month)
    rows = db.session.execute(placement_query.with_only_columns(*columns).order_by(None)).all()
    if not rows:
        return {}
    ids = placement_query.with_only_columns(Placement.id).order_by(None).scalar_subquery()
    changes = defaultdict(list)
    query = select(RateChange.placement_id, RateChange.valid_from, RateChange.daily_rate_ore
                   ).where(RateChange.placement_id.in_(ids))
    for placement_id, valid_from, rate in db.session.execute(query):
        changes[placement_id].append((valid_from, rate))
    hours = _reported_hours(ids) if any(row.rate_unit == "hour" for row in rows) else {}
    schedules = {pid: calc.schedule(start, end, rate, changes[pid], unit, hours.get(pid),
                                    planned_hours)
                 for pid, _, _, start, end, rate, _, unit, planned_hours in rows}
    attached = _addons(ids, schedules)
    return {pid: PlacementPlan(pid, agreement, planned, schedules[pid], municipality,
                               attached.get(pid, ()))
            for pid, agreement, planned, _, _, _, municipality, _, _ in rows}


def _addons(ids, schedules):
    """Return {placement id: (AddonPlan, ...)} of the placements' add-ons (one query)."""
    found = defaultdict(list)
    query = select(PlacementAddon).where(PlacementAddon.placement_id.in_(ids)).order_by(
        PlacementAddon.valid_from, PlacementAddon.id)
    for row in db.session.scalars(query):
        plan = addon_money.addon_plan(schedules[row.placement_id], row.id, row.name, row.unit,
                                      row.price_ore, row.valid_from, row.valid_to,
                                      row.hours_per_month)
        if plan is not None:
            found[row.placement_id].append(plan)
    return {pid: tuple(plans) for pid, plans in found.items()}


def _reported_hours(ids):
    """Return {placement id: {month: hours}} from the providers' monthly reports."""
    hours = defaultdict(dict)
    query = select(MonthlyReport.placement_id, MonthlyReport.month, MonthlyReport.hours).where(
        MonthlyReport.placement_id.in_(ids), MonthlyReport.hours.is_not(None),
        MonthlyReport.source == ReportSource.PROVIDER.value)
    for placement_id, month, reported in db.session.execute(query):
        hours[placement_id][month.replace(day=1)] = reported
    return hours


def plan_of(placement):
    """Return the PlacementPlan of one placement the caller has already loaded (scoped)."""
    return plans(scoped(Placement).where(Placement.id == placement.id))[placement.id]


@dataclass(frozen=True)
class Part:
    """One municipality's share of an agreement's spend: öre and the placements behind them.

    `recent` counts the placements with cost within the last period asked for: what the total
    to the period's end and the total to the day before it differ by.
    """

    placements: int
    ore: int
    recent: int = 0


def spend_parts(agreement_ids, as_of, since=None, municipality_id=None):
    """Return {agreement id: {municipality id: Part}} of the accrued cost up to `as_of`.

    With `since`, each Part also counts its placements with cost within since..as_of; with
    `municipality_id`, only that municipality's placements are read. Every asked id is in the
    result (an empty dict when no placement has started).
    """
    wanted = sorted(set(agreement_ids))
    parts = {agreement_id: {} for agreement_id in wanted}
    if not wanted:
        return parts
    query = select(Placement).where(Placement.agreement_id.in_(wanted),
                                    Placement.start_date <= as_of)
    if municipality_id is not None:
        query = query.where(Placement.municipality_id == municipality_id)
    for plan in plans(query).values():
        by_municipality = parts[plan.agreement_id]
        before = by_municipality.get(plan.municipality_id, Part(0, 0))
        recent = since is not None and addon_money.plan_cost(plan, since, as_of) > 0
        spent = addon_money.plan_cost(plan, plan.schedule.start, as_of)
        by_municipality[plan.municipality_id] = Part(
            before.placements + 1, before.ore + spent, before.recent + recent)
    return parts


def spend_by_agreement(agreement_ids, as_of):
    """Return {agreement id: accrued placement cost in öre up to `as_of`}, all municipalities.

    The true total, for the ceiling alert (shown only to the parties, without amounts); a
    page shows spend through finance/agreement_spend.py. Every asked id is in the result.
    """
    return {agreement_id: sum(part.ore for part in by_municipality.values())
            for agreement_id, by_municipality in spend_parts(agreement_ids, as_of).items()}


def invoiced_by_agreement(agreement_ids, municipality_id):
    """Return {agreement id: öre invoiced} on one municipality's placements under them.

    Only the municipality's own invoices: another municipality's invoiced sum changes on the
    day an invoice is registered, so two visits would show that one invoice.
    """
    wanted = sorted(set(agreement_ids))
    invoiced = dict.fromkeys(wanted, 0)
    if not wanted or municipality_id is None:
        return invoiced
    query = (select(Placement.agreement_id, func.sum(Invoice.amount_ore))
             .join(Placement, Placement.id == Invoice.placement_id)
             .where(Placement.agreement_id.in_(wanted),
                    Invoice.municipality_id == municipality_id,
                    Placement.municipality_id == municipality_id)
             .group_by(Placement.agreement_id))
    for agreement_id, ore in db.session.execute(query):
        invoiced[agreement_id] = int(ore or 0)
    return invoiced


def accrued_between(placement_query, first, last):
    """Return (placements with care days, öre accrued) within first..last."""
    found = plans(placement_query.where(in_care_sql(Placement, first, last))).values()
    costs = [addon_money.plan_cost(plan, first, last) for plan in found]
    return sum(1 for c in costs if c), sum(costs)


# One placement ---------------------------------------------------------------------------------

def reported_days_by_month(placement):
    """Return {month: days in care} from the provider's monthly reports (no other column)."""
    query = scoped(MonthlyReport).where(
        MonthlyReport.placement_id == placement.id,
        MonthlyReport.source == ReportSource.PROVIDER.value,
    ).with_only_columns(MonthlyReport.month, MonthlyReport.days_in_care)
    return {month.replace(day=1): days for month, days in db.session.execute(query)}


def invoices_of(placement):
    """Return the placement's invoices, in the order they were registered."""
    query = scoped(Invoice).where(Invoice.placement_id == placement.id).order_by(Invoice.id)
    return list(db.session.scalars(query))


def claims_of(placement):
    """Return the placement's reimbursement claims, by period."""
    query = scoped(ReimbursementClaim).where(
        ReimbursementClaim.placement_id == placement.id).order_by(
        ReimbursementClaim.period_start, ReimbursementClaim.id)
    return list(db.session.scalars(query))


def window_opens_between(low, high, settings):
    """Return the SQL condition "the reimbursement window may open in low..high".

    It mirrors reimbursement.window_of for narrowing in SQL (the rule itself stays there): the
    window opens on the start or, with the "criteria" setting, on the latest criterion day if
    later; the caller asks window_of for the exact day.
    """
    if settings.window_from != "criteria":
        return Placement.start_date.between(low, high)
    days = [getattr(Placement, name) for name in POLICE_CRITERIA]
    return and_(or_(Placement.start_date >= low, *(day >= low for day in days)),
                Placement.start_date <= high, *(day <= high for day in days))


def claim_period(claim):
    """Return the ClaimPeriod the reimbursement rules read."""
    return ClaimPeriod(claim.id, claim.period_start, claim.period_end, claim.status,
                       claim.amount_ore, claim.approved_ore, claim.paid_ore)


def invoice_facts(invoice):
    """Return the InvoiceFacts reconciliation reads."""
    return InvoiceFacts(invoice.id, invoice.invoice_number, invoice.period_start,
                        invoice.period_end, invoice.days, invoice.amount_ore)


def earlier_invoices(invoice, invoices):
    """Return the facts of the invoices registered before `invoice` (others if it is new)."""
    return [invoice_facts(other) for other in invoices
            if other is not invoice and (invoice.id is None or other.id < invoice.id)]


def check_invoice(invoice, plan, invoices, days_by_month, settings):
    """Return the reconciliation Check of one invoice among the placement's invoices."""
    return reconcile(plan.schedule, invoice_facts(invoice), days_by_month,
                     earlier_invoices(invoice, invoices), settings.invoice_tolerance_ore,
                     plan.addons)


@dataclass(frozen=True)
class PlacementMoney:
    """Everything the finance page of one placement shows."""

    plan: PlacementPlan
    forecast: calc.Forecast
    months: list
    reimbursement: reimbursement.Summary
    claims: list
    invoices: list
    checks: dict  # invoice id -> reconciliation Check
    reported: dict  # month -> days in care from the provider's report
    addons: list = ()  # addons.AddonFigures, one line each


def placement_money(placement, settings, on):
    """Return the PlacementMoney of one own placement as of day `on`."""
    plan = plan_of(placement)
    claims, invoices = claims_of(placement), invoices_of(placement)
    reported = reported_days_by_month(placement)
    return PlacementMoney(
        plan=plan,
        forecast=addon_money.forecast(plan.schedule, plan.addons, plan.planned_end, on),
        months=addon_money.accrual_by_month(plan.schedule, plan.addons, plan.planned_end, on),
        reimbursement=reimbursement.summary(placement, plan.schedule, plan.planned_end,
                                            [claim_period(c) for c in claims], settings, on),
        claims=claims, invoices=invoices,
        checks={i.id: check_invoice(i, plan, invoices, reported, settings) for i in invoices},
        reported=reported,
        addons=addon_money.addon_figures(plan.schedule, plan.addons, plan.planned_end, on))


@dataclass(frozen=True)
class MoneyRow:
    """One placement in the finance overview."""

    placement: Placement
    forecast: calc.Forecast
    rate_ore: int
    reimbursement: reimbursement.Summary


def money_rows(placements, settings, on):
    """Return a MoneyRow per placement (already loaded, own municipality) in three queries."""
    ids = [p.id for p in placements]
    found = plans(scoped(Placement).where(Placement.id.in_(ids))) if ids else {}
    claims = claims_by_placement(ids)
    rows = []
    for placement in placements:
        plan = found[placement.id]
        rows.append(MoneyRow(
            placement, addon_money.forecast(plan.schedule, plan.addons, plan.planned_end, on),
            calc.rate_on(plan.schedule, on),
            reimbursement.summary(placement, plan.schedule, plan.planned_end,
                                  claims[placement.id], settings, on)))
    return rows


# Lists -----------------------------------------------------------------------------------------

def placement_page(page, q=""):
    """Return one page of the municipality's placements, newest start first."""
    query = scoped(Placement).order_by(Placement.start_date.desc(), Placement.id.desc())
    if q:
        query = query.where(Placement.case_reference.ilike(f"%{q}%"))
    return db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)


def claims_by_placement(placement_ids):
    """Return {placement id: [ClaimPeriod]} for the given own placements."""
    grouped = defaultdict(list)
    if placement_ids:
        query = scoped(ReimbursementClaim).where(
            ReimbursementClaim.placement_id.in_(placement_ids))
        for claim in db.session.scalars(query):
            grouped[claim.placement_id].append(claim_period(claim))
    return grouped


def list_invoices(page, flagged=False):
    """Return one page of the municipality's invoices, newest period first."""
    query = scoped(Invoice).options(joinedload(Invoice.placement), joinedload(Invoice.provider)
                                    ).order_by(Invoice.period_start.desc(), Invoice.id.desc())
    if flagged:
        query = query.where(Invoice.mismatch_reason.is_not(None))
    return db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)


def list_claims(page, status=""):
    """Return one page of the municipality's claims, newest period first."""
    query = scoped(ReimbursementClaim).options(joinedload(ReimbursementClaim.placement)
                                               ).order_by(ReimbursementClaim.period_start.desc(),
                                                          ReimbursementClaim.id.desc())
    if status:
        query = query.where(ReimbursementClaim.status == status)
    return db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)


# A year ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MonthRow:
    """One month of a year, all the municipality's placements: accrued and forecast."""

    month: date
    actual_ore: int
    forecast_ore: int

    @property
    def total_ore(self):
        return self.actual_ore + self.forecast_ore


def year_plans(year, user=None):
    """Return the PlacementPlans of the municipality's placements with care days in `year`."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    return plans(scoped(Placement, user).where(in_care_sql(Placement, first, last))).values()


def year_months(year, as_of, user=None):
    """Return twelve MonthRows: accrued to `as_of`, then forecast to each planned end."""
    actual, ahead = defaultdict(int), defaultdict(int)
    first, last = date(year, 1, 1), date(year, 12, 31)
    for plan in year_plans(year, user):
        for row in addon_money.accrual_by_month(plan.schedule, plan.addons, plan.planned_end,
                                                as_of, first, last):
            actual[row.month] += row.cost_ore
            ahead[row.month] += row.forecast_ore
    return [MonthRow(month, actual[month], ahead[month])
            for month in calc.months_between(first, last)]


def budget_lines(year, user=None):
    """Return the municipality's Budget rows for a year."""
    query = scoped(Budget, user).where(Budget.year == year).order_by(Budget.line)
    return list(db.session.scalars(query))


def budget_years(user=None):
    """Return the years the municipality has budget lines for, newest first."""
    query = scoped(Budget, user).with_only_columns(Budget.year).distinct().order_by(
        Budget.year.desc())
    return list(db.session.scalars(query))


def reimbursement_paid(year, user=None):
    """Return the öre the police paid out in `year` on the municipality's claims."""
    query = scoped(ReimbursementClaim, user).where(
        ReimbursementClaim.paid_on.between(date(year, 1, 1), date(year, 12, 31))
    ).with_only_columns(func.coalesce(func.sum(ReimbursementClaim.paid_ore), 0))
    return db.session.scalar(query)


def user_names(claim):
    """Return {user id: display name} of the people who took the claim's steps."""
    ids = {claim.created_by_id, claim.submitted_by_id, claim.decided_by_id, claim.paid_by_id}
    ids.discard(None)
    if not ids:
        return {}
    query = select(User.id, User.display_name).where(User.id.in_(ids))
    return dict(db.session.execute(query).all())
