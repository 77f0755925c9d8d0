"""A placement's timeline: every event of its case file in date order."""

from dataclasses import dataclass
from datetime import UTC, date
from enum import StrEnum
from typing import Any

from registry.core.dates import STOCKHOLM
from registry.placements.choices import POLICE_CRITERIA


class EventKind(StrEnum):
    START = "start"
    CRITERION = "criterion"
    CARE_PLAN = "care_plan"
    IMPLEMENTATION_PLAN = "implementation_plan"
    RATE_CHANGE = "rate_change"
    EXTENSION = "extension"
    REPORT = "report"
    REPORT_REVIEW = "report_review"
    FOLLOW_UP = "follow_up"
    DEVIATION = "deviation"
    DEVIATION_MEETING = "deviation_meeting"
    DEVIATION_DECISION = "deviation_decision"
    END = "end"


@dataclass(frozen=True)
class Event:
    """One dated event; `subject` is the row it comes from, `detail` a short coded value."""

    day: date
    kind: EventKind
    subject: Any = None
    detail: str | None = None


def _placement_events(placement):
    events = [Event(placement.start_date, EventKind.START, placement)]
    for name, text in POLICE_CRITERIA.items():
        if getattr(placement, name):
            events.append(Event(getattr(placement, name), EventKind.CRITERION, placement, text))
    if placement.care_plan_on:
        events.append(Event(placement.care_plan_on, EventKind.CARE_PLAN, placement))
    if placement.implementation_plan_received_on:
        events.append(Event(placement.implementation_plan_received_on,
                            EventKind.IMPLEMENTATION_PLAN, placement))
    if placement.end_date:
        events.append(Event(placement.end_date, EventKind.END, placement,
                            placement.end_reason))
    return events


def stockholm_day(stamp):
    """Return the Stockholm date of a naive UTC timestamp."""
    return stamp.replace(tzinfo=UTC).astimezone(STOCKHOLM).date()


def _report_events(reports):
    events = []
    for report in reports:
        if report.received_on:
            events.append(Event(report.received_on, EventKind.REPORT, report))
        if report.reviewed_at:
            events.append(Event(stockholm_day(report.reviewed_at), EventKind.REPORT_REVIEW,
                                report, report.decision))
    return events


def _deviation_events(deviations):
    events = []
    for deviation in deviations:
        events.append(Event(deviation.occurred_on, EventKind.DEVIATION, deviation))
        if deviation.meeting_on:
            events.append(Event(deviation.meeting_on, EventKind.DEVIATION_MEETING, deviation))
        if deviation.decided_on:
            events.append(Event(deviation.decided_on, EventKind.DEVIATION_DECISION, deviation,
                                deviation.decision))
    return events


ORDER = {kind: index for index, kind in enumerate(EventKind)}


def timeline(placement, files):
    """Return every event of the placement and its case file, oldest first."""
    events = (_placement_events(placement) + _report_events(files["reports"])
              + _deviation_events(files["deviations"])
              + [Event(c.valid_from, EventKind.RATE_CHANGE, c) for c in files["rate_changes"]]
              + [Event(e.decided_on, EventKind.EXTENSION, e) for e in files["extensions"]]
              + [Event(f.held_on, EventKind.FOLLOW_UP, f) for f in files["follow_ups"]])
    return sorted(events, key=lambda event: (event.day, ORDER[event.kind]))
