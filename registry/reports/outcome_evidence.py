"""Outcome evidence per provider, beside the checklist: aggregated in SQL, disclosed by viewer.

Deliberately NOT scoped to one municipality: the evidence counts placements across all
eight, and only aggregates leave this module — per provider, never per placement — under the
disclosure rule across queries (core/disclosure.py, DESIGN §2a):

- counts (placements, ended as planned, ended otherwise) are the viewer's own placements
  exactly plus the other municipalities' rounded to a multiple of k by their cell key;
- rates (deviations per 100 placement-days, share of reports on time, and the number of
  reports due they are taken over) are shown only when `magnitude_shown` over the provider's
  placements: at least k placements of at least two other municipalities, or only the
  viewer's own. A viewer with 4 of 5 placements cannot work out the fifth from them.

- ended as planned vs other end reasons (placements ended by the day);
- deviations per 100 placement-days (care days to the day: the end day is the departure
  day, not a care day, placements/rules.py in_care);
- share of the provider's monthly reports received on time, among the months whose report
  was due before the day. The due-date rule is the placements area's
  (registry/placements/schedule.py); a month with no report counts as not on time.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from sqlalchemy import and_, case, func, literal, select

from registry.core.disclosure import magnitude_shown, viewer_count
from registry.core.sql_dates import days_between, month_first, month_number
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

NOTHING_SHOWN = "Inga placeringar att visa (andra kommuners antal avrundas)."


@dataclass(frozen=True)
class Outcome:
    """One provider's outcome evidence as the viewer may see it."""

    placements: int  # own exactly, the others rounded
    threshold: int
    ended_planned: int = 0
    ended_other: int = 0
    ended_total: int = 0
    rates_shown: bool = False
    deviations_per_100_days: float | None = None
    reports_on_time_percent: float | None = None
    reports_due: int = 0

    @property
    def shown(self):
        """Return True when there are placements to show."""
        return self.placements > 0

    @property
    def hidden_reason(self):
        """Return why no counts are shown ('' when they are)."""
        return "" if self.shown else NOTHING_SHOWN

    @property
    def rates_reason(self):
        """Return why the rates are not shown ('' when they are)."""
        if self.rates_shown:
            return ""
        return (f"Visas inte: utfallen kommer från färre än {self.threshold} placeringar eller "
                "från en enda annan kommun.")


def outcome_evidence(provider_ids, on, threshold, viewer_municipality_id=None):
    """Return {provider id: Outcome} for every given provider (zero placements included).

    Without a viewer municipality (the coordinator) every count is rounded.
    """
    ids = list(provider_ids)
    if not ids:
        return {}
    placements = _placements(ids, on)
    deviations = _deviation_counts(ids, on)
    reports = _report_counts(ids, on)
    return {pid: _outcome(placements.get(pid, ()), deviations.get(pid, 0),
                          reports.get(pid, (0, 0)), threshold, viewer_municipality_id)
            for pid in ids}


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


@dataclass(frozen=True)
class _Placement:
    id: int
    municipality_id: int
    ended: bool
    planned: bool
    care_days: int


def _placements(ids, on):
    """Return {provider id: [_Placement]} of the placements started by `on`."""
    ended = and_(Placement.end_date.is_not(None), ~in_care_sql(Placement, on, on))
    planned = and_(ended, Placement.end_reason == EndReason.COMPLETED.value)
    care_days = (days_between(Placement.start_date, _last_day(on)) + 1
                 - case((_departed(on), 1), else_=0))
    query = (select(Placement.provider_id, Placement.id, Placement.municipality_id,
                    case((ended, 1), else_=0), case((planned, 1), else_=0), care_days)
             .where(Placement.provider_id.in_(ids), Placement.start_date <= on))
    found = defaultdict(list)
    for provider_id, pid, municipality, was_ended, was_planned, days in db.session.execute(query):
        found[provider_id].append(_Placement(pid, municipality, bool(was_ended),
                                             bool(was_planned), int(days or 0)))
    return found


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


def _outcome(placements, deviations, reports, threshold, viewer):
    def count(selected):
        return viewer_count([(p.id, p.municipality_id) for p in selected], viewer, threshold)

    ended = [p for p in placements if p.ended]
    planned = [p for p in ended if p.planned]
    shown = Outcome(placements=count(placements), threshold=threshold,
                    ended_planned=count(planned), ended_other=count(p for p in ended
                                                                    if not p.planned),
                    ended_total=count(ended))
    units = Counter(p.municipality_id for p in placements)
    if not shown.shown or not magnitude_shown(units, viewer, threshold):
        return shown
    days = sum(p.care_days for p in placements)
    due, on_time = reports
    return replace(
        shown, rates_shown=True,
        deviations_per_100_days=round(100 * deviations / days, 2) if days else None,
        reports_on_time_percent=round(100 * on_time / due, 1) if due else None,
        reports_due=due)
