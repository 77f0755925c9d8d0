"""Outcome evidence per provider, beside the checklist: aggregated in SQL, suppressed when small.

Deliberately NOT scoped to one municipality: the evidence counts placements across all
eight, and only aggregates leave this module — per provider, never per placement — with
small-number suppression (core/suppression.py): a provider with fewer than k placements
(REGISTRY_SMALL_NUMBER_THRESHOLD, default 5) shows nothing but that fact.

- ended as planned vs other end reasons (placements ended by the day);
- deviations per 100 placement-days (days in care from start to end, or to the day);
- share of the provider's monthly reports received on time, among the months whose report
  was due before the day. The due-date rule is the placements area's
  (registry/placements/schedule.py); a month with no report counts as not on time.
"""

from dataclasses import dataclass

from sqlalchemy import and_, case, func, literal, select

from registry.core.suppression import is_small, suppressed_column
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.placements.choices import EndReason, ReportSource
from registry.placements.models import Deviation, MonthlyReport, Placement
from registry.placements.schedule import overdue_sql, received_on_time_sql
from registry.quality.sql_dates import days_between, month_first, next_month_first


@dataclass(frozen=True)
class Outcome:
    """One provider's outcome evidence, ready to show: counts as display text."""

    placements: int
    shown: bool
    threshold: int
    ended_planned: str = ""
    ended_other: str = ""
    ended_total: str = ""
    deviations_per_100_days: float | None = None
    reports_on_time_percent: float | None = None
    reports_due: int = 0

    @property
    def hidden_reason(self):
        """Return why nothing is shown ('' when the evidence is shown)."""
        if self.shown:
            return ""
        if self.placements == 0:
            return "Inga placeringar registrerade."
        return (f"Färre än {self.threshold} placeringar – utfallen visas inte "
                "(skydd mot att enskilda kan identifieras).")


def outcome_evidence(provider_ids, on, threshold):
    """Return {provider id: Outcome} for every given provider (zero placements included)."""
    ids = list(provider_ids)
    if not ids:
        return {}
    placements = _placement_counts(ids, on)
    deviations = _deviation_counts(ids, on)
    reports = _report_counts(ids, on)
    return {pid: _outcome(placements.get(pid), deviations.get(pid, 0),
                          reports.get(pid, (0, 0)), threshold) for pid in ids}


def _last_day(on):
    """SQL: the placement's last day in care counted up to `on`."""
    return case((and_(Placement.end_date.is_not(None), Placement.end_date < on),
                 Placement.end_date), else_=literal(on))


def _placement_counts(ids, on):
    """Return {provider id: (placements, ended, ended as planned, placement-days)}."""
    ended = and_(Placement.end_date.is_not(None), Placement.end_date <= on)
    planned = and_(ended, Placement.end_reason == EndReason.COMPLETED.value)
    query = (select(Placement.provider_id, func.count(Placement.id),
                    func.sum(case((ended, 1), else_=0)),
                    func.sum(case((planned, 1), else_=0)),
                    func.sum(days_between(Placement.start_date, _last_day(on)) + 1))
             .where(Placement.provider_id.in_(ids), Placement.start_date <= on)
             .group_by(Placement.provider_id))
    return {row[0]: tuple(int(v or 0) for v in row[1:]) for row in db.session.execute(query)}


def _deviation_counts(ids, on):
    """Return {provider id: deviations that occurred by `on`}."""
    query = (select(Placement.provider_id, func.count(Deviation.id))
             .join(Placement, Placement.id == Deviation.placement_id)
             .where(Placement.provider_id.in_(ids), Deviation.occurred_on <= on)
             .group_by(Placement.provider_id))
    return dict(db.session.execute(query).all())


def _months_in_care(ids, on):
    """Return a recursive CTE: one row per placement and month in care up to `on`."""
    anchor = (select(Placement.id.label("placement_id"), Placement.provider_id,
                     Placement.municipality_id, month_first(Placement.start_date).label("month"),
                     _last_day(on).label("last_day"))
              .where(Placement.provider_id.in_(ids), Placement.start_date <= on)
              .cte("months_in_care", recursive=True))
    step = select(anchor.c.placement_id, anchor.c.provider_id, anchor.c.municipality_id,
                  next_month_first(anchor.c.month), anchor.c.last_day).where(
        next_month_first(anchor.c.month) <= anchor.c.last_day)
    return anchor.union_all(step)


def _report_counts(ids, on):
    """Return {provider id: (provider reports due before `on`, of them received on time)}."""
    months = _months_in_care(ids, on)
    report = and_(MonthlyReport.placement_id == months.c.placement_id,
                  MonthlyReport.month == months.c.month,
                  MonthlyReport.source == ReportSource.PROVIDER.value)
    on_time = received_on_time_sql(MonthlyReport.received_on, months.c.month,
                                   Municipality.report_due_day)
    query = (select(months.c.provider_id, func.count(),
                    func.sum(case((on_time, 1), else_=0)))
             .select_from(months)
             .join(Municipality, Municipality.id == months.c.municipality_id)
             .outerjoin(MonthlyReport, report)
             .where(overdue_sql(months.c.month, Municipality.report_due_day, on))
             .group_by(months.c.provider_id))
    return {row[0]: (int(row[1]), int(row[2] or 0)) for row in db.session.execute(query)}


def _outcome(counts, deviations, reports, threshold):
    placements, ended, planned, days = counts or (0, 0, 0, 0)
    if placements == 0 or is_small(placements, threshold):
        return Outcome(placements=placements, shown=False, threshold=threshold)
    (shown_planned, shown_other), total = suppressed_column([planned, ended - planned],
                                                           threshold)
    due, on_time = reports
    return Outcome(
        placements=placements, shown=True, threshold=threshold, ended_planned=shown_planned,
        ended_other=shown_other, ended_total=total,
        deviations_per_100_days=round(100 * deviations / days, 2) if days else None,
        reports_on_time_percent=round(100 * on_time / due, 1) if due else None,
        reports_due=due)
