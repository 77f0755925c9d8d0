"""A demo placement's case history: monthly reports, follow-ups and deviations."""

from datetime import date, datetime, time, timedelta

from registry.core.dates import add_months, month_start
from registry.extensions import db
from registry.placements.choices import (
    DeviationDecision,
    DeviationKind,
    Participation,
    ReportDecision,
    Reporter,
    ReportSource,
)
from registry.placements.models import Deviation, FollowUp, MonthlyReport
from registry.placements.rules import days_in_care
from registry.placements.schedule import due_date
from registry.seeding.files import check_keys

REPORT_FIELDS = ("sources", "missing", "late")
FOLLOW_UP_FIELDS = ("after_days", "participants", "outcome", "next_due_after_days")
DEVIATION_FIELDS = ("after_days", "occurred_offset_days", "kind", "reported_by",
                    "description", "meeting_after_days", "decision", "decided_after_days")
ON_TIME_DAYS_EARLY = 4  # a report on time arrives this many days before the due day
REVIEW_AFTER_DAYS = 2  # the case officer reviews a report this long after it arrived

PROGRESS_TEXT = {
    1: "Deltar delvis i behandlingen. Arbetet mot målen i vårdplanen går långsamt.",
    2: "Deltar i planerade samtal och aktiviteter. Arbetar mot målen i vårdplanen.",
    3: "Deltar fullt ut. Tydliga framsteg mot målen i vårdplanen.",
}
REVIEW_NOTE = {
    ReportDecision.CONTINUE: "Rapporten följd upp mot vårdplanen. Placeringen fortsätter.",
    ReportDecision.MEETING: "Avvikelse under månaden. Möte med utförare, polis och klient.",
}


def seed_case_events(ctx, case):
    deviation_months = {month_start(d.occurred_on) for d in _deviations(ctx, case)}
    _reports(ctx, case, deviation_months)
    _follow_ups(ctx, case)


def months_ago(today, month):
    return (today.year - month.year) * 12 + today.month - month.month


def report_months(case):
    """Every whole past month of the placement, oldest first."""
    last = add_months(month_start(case.today), -1)
    if case.placement.end_date:
        last = min(last, month_start(case.placement.end_date))
    month = month_start(case.start)
    while month <= last:
        yield month
        month = add_months(month, 1)


def _reports(ctx, case, deviation_months):
    spec = case.row.get("reports") or {}
    check_keys(spec, REPORT_FIELDS, f"{case.placement.case_reference}, rapporter")
    missing = {(m["source"], m["months_ago"]) for m in spec.get("missing", [])}
    late = {(m["source"], m["months_ago"]): m["days_late"] for m in spec.get("late", [])}
    for index, month in enumerate(report_months(case)):
        for source in spec.get("sources", []):
            key = (ReportSource(source).value, months_ago(case.today, month))
            if key in missing:
                continue
            received = _received_on(case, month, late.get(key))
            if received > case.today:
                continue
            flagged = month in deviation_months
            values = _report_values(case, month, index, flagged, source)
            db.session.add(case.child(MonthlyReport, month=month, source=key[0],
                                      received_on=received, deviations_flagged=flagged,
                                      **values, **_review(case, received, flagged)))
            ctx.created("monthly_reports")


def _received_on(case, month, days_late):
    due = due_date(month, case.placement.municipality.report_due_day)
    if days_late is not None:
        return due + timedelta(days=int(days_late))
    return max(add_months(month, 1), due - timedelta(days=ON_TIME_DAYS_EARLY))


def _report_values(case, month, index, flagged, source):
    """The provider's content; a police report is stored as received, never its text."""
    if source == ReportSource.POLICE:
        return {}
    progress = 1 if flagged else min(3, 1 + index // 2)
    participation = Participation.PARTIAL if flagged else Participation.FULL
    hours = None
    if case.placement.rate_unit == "hour":  # an hourly service reports its hours
        hours = max((case.placement.planned_hours_per_month or 0) + index % 3 - 1, 0)
    return {"days_in_care": days_in_month(case, month), "hours": hours,
            "participation": participation.value,
            "goal_progress": progress, "report_text": PROGRESS_TEXT[progress]}


def days_in_month(case, month):
    return days_in_care(case.start, case.last_day, month)


def _review(case, received, flagged):
    reviewed = received + timedelta(days=REVIEW_AFTER_DAYS)
    if reviewed > case.today:
        return {}
    decision = ReportDecision.MEETING if flagged else ReportDecision.CONTINUE
    return {"decision": decision.value, "follow_up_note": REVIEW_NOTE[decision],
            "reviewed_by_id": case.officer.id,
            "reviewed_at": datetime.combine(reviewed, time(9, 0))}


def _follow_ups(ctx, case):
    for spec in case.row.get("follow_ups") or []:
        check_keys(spec, FOLLOW_UP_FIELDS, f"{case.placement.case_reference}, uppföljning")
        held_on = case.after(spec["after_days"])
        if held_on > case.today:
            continue
        next_due = spec.get("next_due_after_days")
        db.session.add(case.child(
            FollowUp, held_on=held_on, participants=spec.get("participants", ""),
            outcome=spec.get("outcome", ""), recorded_by_id=case.officer.id,
            next_due=held_on + timedelta(days=int(next_due)) if next_due else None))
        ctx.created("follow_ups")


def _deviations(ctx, case):
    created = []
    for spec in case.row.get("deviations") or []:
        check_keys(spec, DEVIATION_FIELDS, f"{case.placement.case_reference}, avvikelse")
        occurred = _occurred_on(ctx, case, spec)
        if occurred > case.today:
            continue
        deviation = case.child(
            Deviation, occurred_on=occurred, kind=DeviationKind(spec["kind"]).value,
            reported_by=Reporter(spec["reported_by"]).value,
            description=spec.get("description", ""),
            meeting_on=_days_after(occurred, spec.get("meeting_after_days"), case.today),
            **_deviation_decision(case, occurred, spec))
        db.session.add(deviation)
        created.append(deviation)
        ctx.created("deviations")
    return created


def _occurred_on(ctx, case, spec):
    if spec.get("occurred_offset_days") is not None:
        return ctx.days(spec["occurred_offset_days"])
    return case.after(spec["after_days"])


def _deviation_decision(case, occurred, spec):
    if not spec.get("decision"):
        return {}
    return {"decision": DeviationDecision(spec["decision"]).value,
            "decided_on": _days_after(occurred, spec.get("decided_after_days", 0), case.today),
            "decided_by_id": case.officer.id}


def _days_after(day: date, days, today):
    if days is None:
        return None
    return min(day + timedelta(days=int(days)), today)
