"""Outcome evidence per provider, beside the checklist: aggregated in SQL, suppressed when small.

Deliberately NOT scoped to one municipality: the evidence counts placements across all
eight, and only aggregates leave this module — per provider, never per placement — with
small-number suppression (core/suppression.py): a provider with fewer than k placements
(REGISTRY_SMALL_NUMBER_THRESHOLD, default 5) shows nothing but that fact.

- ended as planned vs other end reasons (placements ended by the day);
- deviations per 100 placement-days (care days to the day: the end day is the departure
  day, not a care day, placements/rules.py in_care);
- share of the provider's monthly reports received on time, among the months whose report
  was due before the day. The due-date rule is the placements area's
  (registry/placements/schedule.py); a month with no report counts as not on time.
"""

from dataclasses import dataclass

from sqlalchemy import and_, case, func, literal, select

from registry.core.sql_dates import days_between, month_first, month_number
from registry.core.suppression import is_small, suppressed_column
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.placements.choices import EndReason, ReportSource
from registry.placements.models import Deviation, MonthlyReport, Placement
from registry.placements.rules import in_care_sql
from registry.placements.schedule import (
    last_overdue_month_sql,
    overdue_sql,
    received_on_time_sql,
)


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
    """SQL: the placement's end day if it came by `on`, else `on`."""
    return case((and_(Placement.end_date.is_not(None), Placement.end_date < on),
                 Placement.end_date), else_=literal(on))


def _departed(on):
    """SQL: the placement left by `on`, so its end day (a departure day) is not a care day.

    The in-care rule (placements/rules.py): every end day but a one-day placement's.
    """
    return and_(Placement.end_date.is_not(None), Placement.end_date <= on,
                Placement.end_date > Placement.start_date)


def _placement_counts(ids, on):
    """Return {provider id: (placements, ended, ended as planned, placement-days)}."""
    ended = and_(Placement.end_date.is_not(None), ~in_care_sql(Placement, on, on))
    planned = and_(ended, Placement.end_reason == EndReason.COMPLETED.value)
    care_days = (days_between(Placement.start_date, _last_day(on)) + 1
                 - case((_departed(on), 1), else_=0))
    query = (select(Placement.provider_id, func.count(Placement.id),
                    func.sum(case((ended, 1), else_=0)),
                    func.sum(case((planned, 1), else_=0)),
                    func.sum(care_days))
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


def _report_counts(ids, on):
    """Return {provider id: (provider reports due before `on`, of them received on time)}.

    The months due are counted by calendar arithmetic per placement (first month in care to
    the last month both in care and due), and the reports on time by one join, so the
    work grows with the placements and reports, not with every placement-month.
    """
    first = month_first(Placement.start_date)
    # the month of the last care day: a departure on the 1st ends care the month before
    left_on_a_first = and_(_departed(on), month_first(Placement.end_date) == Placement.end_date)
    last = month_number(_last_day(on)) - case((left_on_a_first, 1), else_=0)
    last_due = month_number(last_overdue_month_sql(Municipality.report_due_day, on))
    counted_to = case((last < last_due, last), else_=last_due)
    months = counted_to - month_number(first) + 1
    in_scope = (Placement.provider_id.in_(ids), Placement.start_date <= on)
    due = (select(Placement.provider_id, func.sum(case((months > 0, months), else_=0)))
           .join(Municipality, Municipality.id == Placement.municipality_id)
           .where(*in_scope).group_by(Placement.provider_id))
    on_time = (select(Placement.provider_id, func.count(MonthlyReport.id))
               .join(Placement, Placement.id == MonthlyReport.placement_id)
               .join(Municipality, Municipality.id == Placement.municipality_id)
               .where(*in_scope, MonthlyReport.source == ReportSource.PROVIDER.value,
                      MonthlyReport.month >= first, month_number(MonthlyReport.month) <= last,
                      overdue_sql(MonthlyReport.month, Municipality.report_due_day, on),
                      received_on_time_sql(MonthlyReport.received_on, MonthlyReport.month,
                                           Municipality.report_due_day))
               .group_by(Placement.provider_id))
    received = dict(db.session.execute(on_time).all())
    return {pid: (int(total or 0), int(received.get(pid, 0)))
            for pid, total in db.session.execute(due) if total}


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
