"""Case officers' rules: period ending, reports missing, follow-up due, plan, deviations.

The placement area owns every date rule used here (registry/placements/rules.py, due.py and
schedule.py); these queries only ask its question for all placements at once.
"""

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import Date, exists, select

from registry.alerts.models import Audience, Severity
from registry.alerts.rules.base import Rule, due, fixed, listed, nothing, severity_by_date
from registry.alerts.sql import json_table
from registry.core.dates import add_months, month_start
from registry.core.sql_dates import days_after
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.placements.choices import ReportSource
from registry.placements.due import follow_up_item
from registry.placements.models import Deviation, FollowUp, MonthlyReport, Placement
from registry.placements.rules import (
    DEVIATION_DECISION_DAYS,
    PLAN_DUE_DAYS,
    in_care_sql,
    last_day_of_month,
)
from registry.placements.schedule import overdue_sql, report_due_on

RUNNING = Placement.end_date.is_(None)


def initial_period_ending(ctx):
    """Running placements whose current end is within the horizon (critical once passed)."""
    horizon = ctx.on + timedelta(days=ctx.limits.period_ending_days)
    severity = severity_by_date(Placement.planned_end, [(ctx.on - timedelta(days=1),
                                                         Severity.CRITICAL)], Severity.WARNING)
    return due(Placement.id, Placement.municipality_id, Placement.planned_end, severity).where(
        RUNNING, Placement.planned_end <= horizon)


def plan_missing(ctx):
    """Running placements with no implementation plan once its due day has passed."""
    return due(Placement.id, Placement.municipality_id,
               days_after(Placement.start_date, PLAN_DUE_DAYS), fixed(Severity.WARNING)).where(
        RUNNING, Placement.implementation_plan_received_on.is_(None),
        Placement.start_date < ctx.on - timedelta(days=PLAN_DUE_DAYS))


def deviation_open(ctx):
    """Deviations still without a decision once the decision was due."""
    return due(Deviation.id, Deviation.municipality_id,
               days_after(Deviation.occurred_on, DEVIATION_DECISION_DAYS),
               fixed(Severity.WARNING)).where(
        Deviation.decision.is_(None),
        Deviation.occurred_on < ctx.on - timedelta(days=DEVIATION_DECISION_DAYS))


def _months(first, last):
    """Return a subquery of (month, month_last): every month from `first` to `last`."""
    rows, month = [], month_start(first)
    while month <= last:
        rows.append((month, last_day_of_month(month)))
        month = add_months(month, 1)
    return json_table("months", [("month", Date), ("month_last", Date)], rows)


def report_missing(ctx):
    """Placement-months in care whose provider report is not in after its due day."""
    first = db.session.scalar(select(Placement.start_date).order_by(Placement.start_date)
                              .limit(1))
    if first is None or first > ctx.on:
        return nothing()
    months = _months(first, ctx.on)
    received = exists().where(
        MonthlyReport.placement_id == Placement.id, MonthlyReport.month == months.c.month,
        MonthlyReport.source == ReportSource.PROVIDER.value,
        MonthlyReport.received_on.is_not(None))
    due_day = Municipality.report_due_day
    return due(Placement.id, Placement.municipality_id, report_due_on(months.c.month, due_day),
               fixed(Severity.WARNING)).select_from(Placement).join(
        Municipality, Municipality.id == Placement.municipality_id).join(
        months, in_care_sql(Placement, months.c.month, months.c.month_last)
    ).where(overdue_sql(months.c.month, due_day, ctx.on), ~received)


def follow_up_due(ctx):
    """Running placements whose next follow-up date (placements/due.py) has been reached.

    The follow-up cadence is the placement area's rule in Python (the latest follow-up's
    next date, else one municipal interval after the start), so SQL narrows to running
    placements at least a month old (the shortest interval), reads only the columns the
    rule uses, and due.follow_up_item decides.
    """
    query = select(Placement.id, Placement.municipality_id, Placement.start_date,
                   Municipality.follow_up_interval_months.label("interval")).join(
        Municipality, Municipality.id == Placement.municipality_id).where(
        RUNNING, Placement.start_date <= add_months(ctx.on, -1))
    placements = db.session.execute(query).all()
    follow_ups = defaultdict(list)
    held = select(FollowUp.placement_id, FollowUp.held_on, FollowUp.next_due).where(
        FollowUp.placement_id.in_(query.with_only_columns(Placement.id)))
    for row in db.session.execute(held):
        follow_ups[row.placement_id].append(row)
    rows = []
    for placement in placements:
        item = follow_up_item(placement, follow_ups[placement.id], placement.interval, ctx.on)
        if item.due_on <= ctx.on:
            rows.append((placement.id, placement.municipality_id, item.due_on, Severity.WARNING))
    return listed(rows)


RULES = (
    Rule("initial_period_ending", "Placeringsperioden löper ut", "placement",
         Audience.CASE_OFFICER, initial_period_ending),
    Rule("report_missing", "Månadsrapport saknas", "placement", Audience.CASE_OFFICER,
         report_missing),
    Rule("follow_up_due", "Uppföljning ska göras", "placement", Audience.CASE_OFFICER,
         follow_up_due),
    Rule("plan_missing", "Genomförandeplan saknas", "placement", Audience.CASE_OFFICER,
         plan_missing),
    Rule("deviation_open", "Avvikelse utan beslut", "deviation", Audience.CASE_OFFICER,
         deviation_open),
)
