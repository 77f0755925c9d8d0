"""What is due next for one placement: reports, follow-up, period end, plan, deviations.

Pure functions over a placement and its rows, so the month grid, the due list, the
dashboard and the alert rules read the same answer.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from registry.core.dates import month_start
from registry.core.enums import LabelledEnum
from registry.placements import rules
from registry.placements.choices import ReportSource
from registry.placements.schedule import (
    ReportState,
    due_date,
    months_in_care,
    police_report_expected,
    report_state,
)


class DueKind(LabelledEnum):
    REPORT = "report", "Månadsrapport"
    FOLLOW_UP = "follow_up", "Uppföljning"
    PERIOD_END = "period_end", "Periodens slut"
    PLAN = "plan", "Genomförandeplan"
    DEVIATION = "deviation", "Avvikelse utan beslut"


@dataclass(frozen=True)
class DueItem:
    """One thing due on a day; `month` and `source` are set for reports."""

    kind: DueKind
    due_on: date
    overdue: bool
    month: date | None = None
    source: str | None = None

    @property
    def label(self):
        """Return the Swedish description, e.g. 'Månadsrapport 2026-03 (Utförare)'."""
        text = DueKind(self.kind).label
        if self.kind == DueKind.REPORT:
            return f"{text} {self.month:%Y-%m} ({ReportSource.label_of(self.source)})"
        return text


@dataclass(frozen=True)
class GridRow:
    """One month of the report grid: a state and the report (if any) per source."""

    month: date
    due: date
    states: dict
    reports: dict

    @property
    def report(self):
        """The provider's report, which carries the days in care."""
        return self.reports.get(ReportSource.PROVIDER.value)


def report_grid(placement, reports, due_day, on):
    """Return a GridRow per month in care up to `on`, newest first."""
    by_key = {(month_start(r.month), r.source): r for r in reports}
    rows = []
    for month in reversed(months_in_care(placement.start_date, placement.end_date, on)):
        due = due_date(month, due_day)
        found, states = {}, {}
        for source in ReportSource:
            report = by_key.get((month, source.value))
            expected = (source == ReportSource.PROVIDER
                        or police_report_expected(placement.police_definition_on, month))
            states[source.value] = report_state(report.received_on if report else None,
                                                due, on, expected)
            if report is not None:
                found[source.value] = report
        rows.append(GridRow(month, due, states, found))
    return rows


def report_items(grid, on):
    """Return the missing reports and, per source, the next one not yet due."""
    items, next_pending = [], {}
    for row in reversed(grid):  # oldest first
        for source, state in row.states.items():
            if state == ReportState.MISSING:
                items.append(DueItem(DueKind.REPORT, row.due, True, row.month, source))
            elif state == ReportState.PENDING and source not in next_pending:
                next_pending[source] = DueItem(DueKind.REPORT, row.due, False, row.month,
                                               source)
    return items + list(next_pending.values())


def follow_up_item(placement, follow_ups, interval_months, on):
    """Return the next follow-up: the latest one's next date, else one interval after start."""
    if follow_ups:
        latest = max(follow_ups, key=lambda f: f.held_on)
        due = latest.next_due or rules.next_follow_up_due(latest.held_on, interval_months)
    else:
        due = rules.first_follow_up_due(placement.start_date, interval_months)
    return DueItem(DueKind.FOLLOW_UP, due, due < on)


def running_items(placement, follow_ups, interval_months, on):
    """Return what only a running placement has due: follow-up, period end, plan."""
    if placement.end_date is not None:
        return []
    items = [follow_up_item(placement, follow_ups, interval_months, on),
             DueItem(DueKind.PERIOD_END, placement.planned_end, placement.planned_end < on)]
    if placement.implementation_plan_received_on is None:
        plan_due = placement.start_date + timedelta(days=rules.PLAN_DUE_DAYS)
        items.append(DueItem(DueKind.PLAN, plan_due, plan_due < on))
    return items


def deviation_items(deviations, on):
    """Return one item per deviation without a decision, due a week after it occurred."""
    items = []
    for deviation in deviations:
        if deviation.decision is None:
            due = deviation.occurred_on + timedelta(days=rules.DEVIATION_DECISION_DAYS)
            items.append(DueItem(DueKind.DEVIATION, due, due < on))
    return items


def due_items(placement, grid, follow_ups, deviations, interval_months, on):
    """Return everything due for the placement, soonest first."""
    items = (report_items(grid, on) + deviation_items(deviations, on)
             + running_items(placement, follow_ups, interval_months, on))
    return sorted(items, key=lambda item: (item.due_on, item.kind))
