"""Following a placement up: monthly reports, follow-up meetings and deviations."""

from registry.core.dates import month_start, utcnow
from registry.core.locking import check_version
from registry.placements import queries, rules
from registry.placements.choices import (
    DeviationDecision,
    DeviationKind,
    EndReason,
    Participation,
    ReportDecision,
    Reporter,
    ReportSource,
)
from registry.placements.models import Deviation, FollowUp, MonthlyReport
from registry.placements.services._common import (
    allowed,
    audited_create,
    audited_update,
    check,
    refuse_personnummer,
)
from registry.placements.services.lifecycle import end_placement
from registry.placements.signals import report_saved

REPORT_FIELDS = ("received_on", "days_in_care", "hours", "participation", "goal_progress",
                 "deviations_flagged", "report_text", "follow_up_note", "decision")
FOLLOW_UP_FIELDS = ("held_on", "participants", "outcome", "next_due")
DEVIATION_FIELDS = ("occurred_on", "kind", "reported_by", "description", "meeting_on",
                    "decision", "decided_on")
REPORT_TEXTS = {"report_text": "Rapporttext", "follow_up_note": "Handläggarens uppföljning"}
CHOICES = {"participation": Participation, "decision": ReportDecision}


# Monthly reports ---------------------------------------------------------------------------

def _check_month(placement, month, source, on):
    """A report covers a month in care, not after the end, once per source."""
    check(source in allowed(ReportSource), "Välj om rapporten kommer från utföraren eller "
          "polisen.", "source")
    check(month >= month_start(placement.start_date), "Placeringen började "
          f"{placement.start_date:%Y-%m-%d}; välj startmånaden eller en senare.", "month")
    if placement.end_date is not None:
        check(month <= month_start(placement.end_date), "Placeringen avslutades "
              f"{placement.end_date:%Y-%m-%d}. Rapporter för senare månader tas inte emot.",
              "month")
    check(month <= month_start(on), "Rapporten kan inte gälla en kommande månad.", "month")
    check(queries.report_for(placement, month, source) is None,
          "Det finns redan en rapport från den källan för den månaden.", "month")


def _check_report(placement, month, values, on):
    refuse_personnummer({name: (label, values.get(name)) for name, label in REPORT_TEXTS.items()})
    received = values["received_on"]
    check(month <= received <= on, "Mottagningsdatumet ska ligga mellan månadens första dag "
          "och i dag.", "received_on")
    most = rules.days_in_care(placement.start_date, placement.end_date, month)
    days = values.get("days_in_care")
    check(days is None or 0 <= days <= most,
          f"Placeringen var i vård {most} dygn den månaden; ange högst {most}.", "days_in_care")
    hours = values.get("hours")
    check(hours is None or 0 <= hours <= 24 * 31, "Ange ett antal timmar mellan 0 och 744.",
          "hours")
    check(hours is None or placement.rate_unit == "hour", "Timmar anges bara för en insats "
          "med timpris.", "hours")
    check(values.get("goal_progress") is None or 0 <= values["goal_progress"] <= 3,
          "Välj ett värde mellan 0 och 3.", "goal_progress")
    for name, enum in CHOICES.items():
        check(values.get(name) is None or values[name] in allowed(enum), "Välj ett av "
              "alternativen.", name)


def _report_values(user, values, report=None):
    """Return the column values, stamping the review when a note or decision is new."""
    row = {name: values.get(name) for name in REPORT_FIELDS}
    row["deviations_flagged"] = bool(row["deviations_flagged"])
    row["report_text"] = row["report_text"] or ""
    row["follow_up_note"] = row["follow_up_note"] or ""
    reviewed = (row["decision"], row["follow_up_note"])
    before = (report.decision, report.follow_up_note) if report else (None, "")
    if reviewed != before and any(reviewed):
        row.update(reviewed_by_id=user.id, reviewed_at=utcnow())
    return row


def add_report(user, placement, month, source, values, on):
    """Register a month's report from the provider or the police."""
    month = month_start(month)
    _check_month(placement, month, source, on)
    _check_report(placement, month, values, on)
    report = MonthlyReport(placement_id=placement.id,
                           municipality_id=placement.municipality_id, month=month,
                           source=source, **_report_values(user, values))
    saved = audited_create(report, ("month", "source", *REPORT_FIELDS))
    report_saved.send(placement)
    return saved


def update_report(user, report, values, version, on):
    """Change a report or record the case officer's follow-up of it."""
    check_version(report, version)
    _check_report(report.placement, report.month, values, on)
    saved = audited_update(report, _report_values(user, values, report), REPORT_FIELDS)
    report_saved.send(report.placement)
    return saved


# Follow-ups --------------------------------------------------------------------------------

def _follow_up_values(placement, values, on):
    refuse_personnummer({"participants": ("Deltagare", values.get("participants")),
                         "outcome": ("Resultat", values.get("outcome"))})
    held_on = values["held_on"]
    check(placement.start_date <= held_on <= on, "Uppföljningen ska ligga mellan startdatumet "
          "och i dag.", "held_on")
    next_due = values.get("next_due")
    if next_due is None and placement.end_date is None:
        interval = placement.municipality.follow_up_interval_months
        next_due = rules.next_follow_up_due(held_on, interval)
    check(next_due is None or next_due > held_on, "Nästa uppföljning ska vara efter den här.",
          "next_due")
    return {"held_on": held_on, "participants": values.get("participants") or "",
            "outcome": values.get("outcome") or "", "next_due": next_due}


def add_follow_up(user, placement, values, on):
    """Record a follow-up; the next one defaults to one municipal interval later."""
    follow_up = FollowUp(placement_id=placement.id, municipality_id=placement.municipality_id,
                         recorded_by_id=user.id, **_follow_up_values(placement, values, on))
    return audited_create(follow_up, FOLLOW_UP_FIELDS)


def update_follow_up(follow_up, values, version, on):
    """Change a recorded follow-up."""
    check_version(follow_up, version)
    return audited_update(follow_up, _follow_up_values(follow_up.placement, values, on),
                          FOLLOW_UP_FIELDS)


# Deviations --------------------------------------------------------------------------------

def _deviation_values(user, placement, values, on, deviation=None):
    refuse_personnummer({"description": ("Beskrivning", values.get("description"))})
    occurred = values["occurred_on"]
    last = min(placement.end_date or on, on)
    check(placement.start_date <= occurred <= last, "Avvikelsen ska ligga mellan startdatumet "
          "och i dag (eller slutdatumet).", "occurred_on")
    check(values["kind"] in allowed(DeviationKind), "Välj typ av avvikelse.", "kind")
    check(values["reported_by"] in allowed(Reporter), "Välj vem som rapporterade.",
          "reported_by")
    meeting = values.get("meeting_on")
    check(meeting is None or meeting >= occurred, "Mötet kan inte vara före avvikelsen.",
          "meeting_on")
    row = {name: values.get(name) for name in DEVIATION_FIELDS}
    row["description"] = row["description"] or ""
    row.update(_decision(user, deviation, row, occurred, on))
    return row


def _decision(user, deviation, row, occurred, on):
    """Return the decision columns; a decision once made is not changed."""
    decision, decided_on = row["decision"] or None, row["decided_on"]
    if deviation is not None and deviation.decision is not None:
        check(decision == deviation.decision, "Beslutet är redan fattat och ändras inte.",
              "decision")
        return {"decision": deviation.decision, "decided_on": deviation.decided_on}
    if decision is None:
        return {"decision": None, "decided_on": None}
    check(decision in allowed(DeviationDecision), "Välj ett beslut.", "decision")
    check(decided_on is not None, "Ange beslutsdatum.", "decided_on")
    check(occurred <= decided_on <= on, "Beslutsdatumet ska ligga mellan avvikelsen och i "
          "dag.", "decided_on")
    return {"decision": decision, "decided_on": decided_on, "decided_by_id": user.id}


def _end_after(deviation, placement, end_date):
    """A decision to end ends the placement (from the decision day unless told otherwise)."""
    if deviation.decision == DeviationDecision.END and placement.end_date is None:
        end_placement(placement, end_date or deviation.decided_on,
                      EndReason.AFTER_DEVIATION.value)


def add_deviation(user, placement, values, on):
    """Record a deviation, with the meeting and decision when they are known."""
    if values.get("decision") == DeviationDecision.END:
        check(placement.end_date is None, "Placeringen är redan avslutad.", "decision")
    deviation = Deviation(placement_id=placement.id,
                          municipality_id=placement.municipality_id,
                          **_deviation_values(user, placement, values, on))
    audited_create(deviation, DEVIATION_FIELDS)
    _end_after(deviation, placement, values.get("end_date"))
    return deviation


def update_deviation(user, deviation, values, version, on):
    """Record the meeting and the decision; deciding to end ends the placement."""
    check_version(deviation, version)
    placement = deviation.placement
    if values.get("decision") == DeviationDecision.END and deviation.decision is None:
        check(placement.end_date is None, "Placeringen är redan avslutad.", "decision")
    changes = audited_update(deviation, _deviation_values(user, placement, values, on,
                                                          deviation), DEVIATION_FIELDS)
    _end_after(deviation, placement, values.get("end_date"))
    return changes
