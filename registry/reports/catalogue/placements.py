"""Counts of placements across the municipalities: municipality x one dimension.

Each builder returns the records behind the table (one Fact per placement or provider report)
and the rows and columns always listed; presentation.py counts them per viewer.
"""

from sqlalchemy import select

from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.placements.choices import EndReason, SupportCategory
from registry.placements.schedule import ReportState
from registry.providers.models import ServiceType
from registry.reports import queries
from registry.reports.facts import Fact, ReportData

MUNICIPALITY = "Kommun"


def count_data(filters, records, column_labels, kind="placement"):
    """Return ReportData of (record id, municipality id, municipality, column label) records."""
    facts = [Fact(record_id, municipality_id, (name, column), {filters.period: ()}, kind)
             for record_id, municipality_id, name, column in records]
    return ReportData(filters.period, facts, row_labels=_rows(filters),
                      column_labels=column_labels, row_title=MUNICIPALITY)


def _rows(filters):
    """Return the municipality names a report lists: all eight, or the one filtered on."""
    if filters.municipality_id:
        return list(db.session.scalars(select(Municipality.name).where(
            Municipality.id == filters.municipality_id)))
    return queries.municipality_names()


def _service_type_names(filters):
    query = select(ServiceType.name).order_by(ServiceType.name)
    if filters.service_type_id:
        query = query.where(ServiceType.id == filters.service_type_id)
    return list(db.session.scalars(query))


def _placements(query, column_of):
    return [(f.placement_id, f.municipality_id, f.municipality, column_of(f))
            for f in queries.facts(query)]


def placements_by_service_type(filters):
    """Return placements in care during the period, per municipality and service type."""
    return count_data(filters, _placements(queries.placements_in_care(filters),
                                           lambda f: f.service_type),
                      _service_type_names(filters))


def placements_by_support_category(filters):
    """Return placements in care during the period, per municipality and support category."""
    return count_data(filters, _placements(queries.placements_in_care(filters),
                                           lambda f: SupportCategory(f.support_category).label),
                      SupportCategory.labels())


def placements_by_end_reason(filters):
    """Return placements that ended during the period, per municipality and end reason."""
    return count_data(filters, _placements(queries.ended_in_period(filters),
                                           lambda f: EndReason(f.end_reason).label),
                      EndReason.labels())


def report_timeliness(filters):
    """Return provider reports for months in the period received on time and late."""
    on_time, late = ReportState.RECEIVED.label, ReportState.LATE.label
    records = [(report_id, municipality_id, name, on_time if in_time else late)
               for report_id, municipality_id, name, in_time in queries.report_timeliness(filters)]
    return count_data(filters, records, [on_time, late], kind="monthly_report")
