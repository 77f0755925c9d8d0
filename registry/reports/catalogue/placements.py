"""Counts of placements across the municipalities: municipality x one dimension."""

import pandas as pd
from sqlalchemy import select

from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.placements.choices import EndReason, SupportCategory
from registry.placements.schedule import ReportState
from registry.providers.models import ServiceType
from registry.reports import queries

MUNICIPALITY = "Kommun"


def count_table(pairs, row_labels, column_labels):
    """Return a DataFrame counting (row, column) pairs: every given row and column, 0 if none."""
    frame = pd.DataFrame(pairs, columns=[MUNICIPALITY, "column"])
    table = pd.crosstab(frame[MUNICIPALITY], frame["column"]) if len(frame) else pd.DataFrame()
    table = table.reindex(index=row_labels, columns=column_labels, fill_value=0)
    table.index.name, table.columns.name = MUNICIPALITY, None
    return table.fillna(0).astype(int)


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


def placements_by_service_type(filters):
    """Return placements in care during the period, per municipality and service type."""
    found = queries.facts(queries.placements_in_care(filters))
    return count_table([(f.municipality, f.service_type) for f in found], _rows(filters),
                       _service_type_names(filters))


def placements_by_support_category(filters):
    """Return placements in care during the period, per municipality and support category."""
    found = queries.facts(queries.placements_in_care(filters))
    return count_table([(f.municipality, SupportCategory(f.support_category).label)
                        for f in found], _rows(filters), SupportCategory.labels())


def placements_by_end_reason(filters):
    """Return placements that ended during the period, per municipality and end reason."""
    found = queries.facts(queries.ended_in_period(filters))
    return count_table([(f.municipality, EndReason(f.end_reason).label) for f in found],
                       _rows(filters), EndReason.labels())


def report_timeliness(filters):
    """Return provider reports for months in the period received on time and late."""
    on_time, late = ReportState.RECEIVED.label, ReportState.LATE.label
    pairs = []
    for name, in_time, late_count in queries.report_timeliness(filters):
        pairs += [(name, on_time)] * in_time + [(name, late)] * late_count
    return count_table(pairs, _rows(filters), [on_time, late])
