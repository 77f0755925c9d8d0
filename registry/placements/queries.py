"""Reads of the own municipality's placements, always through scoped()."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from math import ceil

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from registry.agreements.models import Agreement, PriceListItem
from registry.agreements.queries import party_filter
from registry.auth.models import User, UserRole
from registry.core.enums import LabelledEnum
from registry.core.permissions import Role
from registry.core.scoping import scoped
from registry.extensions import db
from registry.placements import due
from registry.placements.models import (
    Deviation,
    Extension,
    FollowUp,
    MonthlyReport,
    Placement,
    RateChange,
)
from registry.placements.rules import in_care, in_care_sql
from registry.providers.models import Provider, ProviderStatus, ServiceType

PAGE_SIZE = 50


class PlacementState(LabelledEnum):
    UPCOMING = "upcoming", "Ej påbörjad"
    ACTIVE = "active", "Pågående"
    ENDED = "ended", "Avslutad"


def placement_state(placement, on):
    """Return whether the placement is upcoming, active (in care, rules.in_care) or ended on `on`.

    The end day is the departure day, so a placement is ended on it (unless it started that
    day); placement_query filters by the same rule in SQL.
    """
    if placement.start_date > on:
        return PlacementState.UPCOMING
    return PlacementState.ACTIVE if in_care(placement, on) else PlacementState.ENDED


# What the due rules and the sorts read of a placement (placements/due.py): the due list
# decides on these columns for every placement, and loads whole records for one page only.
DUE_COLUMNS = (Placement.id, Placement.case_reference, Placement.start_date,
               Placement.end_date, Placement.planned_end, Placement.police_definition_on,
               Placement.implementation_plan_received_on)


def placement_query(on, state="", officer_id=None, q="", columns=None):
    """Return a scoped select of placements matching the filters, newest start first
    (with `columns`: those columns instead of the records)."""
    query = scoped(Placement)
    if columns:
        query = query.with_only_columns(*columns)
    else:
        query = query.options(joinedload(Placement.case_officer),
                              joinedload(Placement.agreement))
    query = query.order_by(Placement.start_date.desc(), Placement.id.desc())
    if state == PlacementState.ACTIVE:
        query = query.where(in_care_sql(Placement, on, on))
    elif state == PlacementState.ENDED:
        query = query.where(Placement.start_date <= on, ~in_care_sql(Placement, on, on))
    elif state == PlacementState.UPCOMING:
        query = query.where(Placement.start_date > on)
    if officer_id:
        query = query.where(Placement.case_officer_id == officer_id)
    if q:
        query = query.where(Placement.case_reference.ilike(f"%{q}%"))
    return query


# The due list ----------------------------------------------------------------------------

@dataclass(frozen=True)
class PlacementRow:
    """A placement in a list with everything due for it and the soonest item."""

    placement: Placement
    items: list

    @property
    def next(self):
        return self.items[0] if self.items else None

    @property
    def overdue(self):
        return [item for item in self.items if item.overdue]


def _grouped(model, ids, *columns):
    """Return {placement_id: [rows of `columns`]} of one child model for the placements."""
    query = scoped(model).where(model.placement_id.in_(ids)).with_only_columns(
        model.placement_id, *columns).order_by(columns[0])
    grouped = defaultdict(list)
    for row in db.session.execute(query):
        grouped[row.placement_id].append(row)
    return grouped


def due_rows(query, municipality, on):
    """Return a PlacementRow per placement of `query`: four queries, whatever the count.

    `query` selects Placement records, or DUE_COLUMNS (then each row's `placement` is
    that row of columns).
    """
    result = db.session.execute(query)
    placements = result.unique().scalars().all() if _selects_records(query) else result.all()
    ids = query.with_only_columns(Placement.id).order_by(None)
    reports = _grouped(MonthlyReport, ids, MonthlyReport.month, MonthlyReport.source,
                       MonthlyReport.received_on)
    follow_ups = _grouped(FollowUp, ids, FollowUp.held_on, FollowUp.next_due)
    deviations = _grouped(Deviation, ids, Deviation.occurred_on, Deviation.decision)
    rows = []
    for placement in placements:
        grid = due.report_grid(placement, reports[placement.id],
                               municipality.report_due_day, on)
        items = due.due_items(placement, grid, follow_ups[placement.id],
                              deviations[placement.id],
                              municipality.follow_up_interval_months, on)
        rows.append(PlacementRow(placement, items))
    return rows


def _selects_records(query):
    return query.column_descriptions[0]["expr"] is Placement


SORTS = {
    "due": lambda row: (row.next is None, row.next.due_on if row.next else date.max),
    "reference": lambda row: row.placement.case_reference.lower(),
    "start": lambda row: row.placement.start_date,
    "end": lambda row: row.placement.end_date or row.placement.planned_end,
}


class PlacementSort(LabelledEnum):
    DUE = "due", "Det som förfaller först"
    REFERENCE = "reference", "Ärendereferens"
    START = "start", "Startdatum"
    END = "end", "Slutdatum"


def filter_due(rows, due_filter):
    """Keep the rows with something overdue ('overdue') or with an item of one kind."""
    if due_filter == "overdue":
        return [row for row in rows if row.overdue]
    if due.DueKind.has(due_filter):
        return [row for row in rows if any(i.kind == due_filter for i in row.items)]
    return rows


@dataclass(frozen=True)
class ListPage:
    """One page of a list sorted in Python, with what the pagination macro reads."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self):
        return max(ceil(self.total / self.per_page), 1)

    @property
    def has_prev(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.pages

    @property
    def prev_num(self):
        return self.page - 1

    @property
    def next_num(self):
        return self.page + 1


def list_rows(municipality, on, page=1, sort="due", descending=False, due_filter="",
              **filters):
    """Return one page of PlacementRows, filtered and sorted.

    What is due is decided for every placement of the filter (the sort and the due filter
    need it), from DUE_COLUMNS; the page's placements are then loaded whole, in one query.
    """
    rows = filter_due(due_rows(placement_query(on, columns=DUE_COLUMNS, **filters),
                               municipality, on), due_filter)
    rows.sort(key=SORTS.get(sort, SORTS["due"]), reverse=descending)
    page = max(page, 1)
    start = (page - 1) * PAGE_SIZE
    shown = rows[start:start + PAGE_SIZE]
    ids = [row.placement.id for row in shown]
    records = {p.id: p for p in db.session.scalars(
        placement_query(on, **filters).where(Placement.id.in_(ids))).unique()} if ids else {}
    return ListPage([PlacementRow(records[row.placement.id], row.items) for row in shown],
                    page, PAGE_SIZE, len(rows))


# One placement ---------------------------------------------------------------------------

def _children(model, placement, *order, options=()):
    query = scoped(model).where(model.placement_id == placement.id).order_by(*order)
    return list(db.session.scalars(query.options(*options)))


def case_file(placement):
    """Return the placement's reports, follow-ups, deviations, rates and extensions."""
    return {
        "reports": _children(MonthlyReport, placement, MonthlyReport.month.desc(),
                             MonthlyReport.source.desc()),
        "follow_ups": _children(FollowUp, placement, FollowUp.held_on.desc()),
        "deviations": _children(Deviation, placement, Deviation.occurred_on.desc(),
                                options=[selectinload(Deviation.decided_by)]),
        "rate_changes": _children(RateChange, placement, RateChange.valid_from),
        "extensions": _children(Extension, placement, Extension.decided_on),
    }


def follow_up_state(placement, files, on):
    """Return (grid, due items) for a placement and its case file."""
    municipality = placement.municipality
    grid = due.report_grid(placement, files["reports"], municipality.report_due_day, on)
    items = due.due_items(placement, grid, files["follow_ups"], files["deviations"],
                          municipality.follow_up_interval_months, on)
    return grid, items


def report_for(placement, month, source):
    """Return the (already owned) placement's report for one month and source, or None."""
    query = select(MonthlyReport).where(MonthlyReport.placement_id == placement.id,
                                        MonthlyReport.municipality_id == placement.municipality_id,
                                        MonthlyReport.month == month,
                                        MonthlyReport.source == source)
    return db.session.scalar(query)


def extension_ends(placement):
    """Return the new end dates of the (already owned) placement's extensions."""
    query = select(Extension.new_end).where(Extension.placement_id == placement.id)
    return list(db.session.scalars(query))


def rate_change_days(placement):
    """Return the days the (already owned) placement's rate changes take effect."""
    query = select(RateChange.valid_from).where(RateChange.placement_id == placement.id)
    return set(db.session.scalars(query))


# Prices and choices for the forms --------------------------------------------------------

def base_price_line(agreement_id, provider_id, service_type_id):
    """Return a select of the base (not add-on) price items of one agreement line."""
    return select(PriceListItem).where(
        PriceListItem.agreement_id == agreement_id, PriceListItem.provider_id == provider_id,
        PriceListItem.service_type_id == service_type_id, PriceListItem.addon == "")


def price_on(agreement_id, provider_id, service_type_id, day):
    """Return the base price item in force on `day` (not superseded), or None."""
    query = base_price_line(agreement_id, provider_id, service_type_id).where(
        PriceListItem.superseded_at.is_(None), PriceListItem.valid_from <= day,
        or_(PriceListItem.valid_to.is_(None), PriceListItem.valid_to >= day))
    return db.session.scalars(query.order_by(PriceListItem.valid_from.desc())).first()


def selectable_providers():
    """Return the providers a placement may be registered with (active or under review)."""
    statuses = (ProviderStatus.ACTIVE.value, ProviderStatus.UNDER_REVIEW.value)
    query = select(Provider).where(Provider.status.in_(statuses)).order_by(Provider.legal_name)
    return list(db.session.scalars(query))


def selectable_service_types():
    """Return the active service types in display order."""
    query = select(ServiceType).where(ServiceType.active.is_(True)).order_by(
        ServiceType.position, ServiceType.name)
    return list(db.session.scalars(query))


def selectable_agreements(municipality_id):
    """Return the agreements the municipality leads or takes part in, newest first."""
    query = select(Agreement).where(party_filter(municipality_id)).order_by(
        Agreement.start_date.desc(), Agreement.reference)
    return list(db.session.scalars(query))


def case_officers(municipality_id):
    """Return the municipality's active case officers by name."""
    query = (select(User).join(UserRole, UserRole.user_id == User.id)
             .where(User.municipality_id == municipality_id, User.active.is_(True),
                    UserRole.role == Role.CASE_OFFICER.value)
             .order_by(User.display_name))
    return list(db.session.scalars(query).unique())
