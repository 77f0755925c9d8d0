"""What the placement views share: labels, form values and the submit-or-show pattern."""

from dataclasses import dataclass

from flask import render_template, url_for

from registry.core import roundtrip
from registry.placements import choices, due, permissions, queries, schedule

LABELS = {
    "category": choices.SupportCategory, "age_band": choices.AgeBand,
    "end_reason": choices.EndReason, "source": choices.ReportSource,
    "participation": choices.Participation, "decision": choices.ReportDecision,
    "goal_progress": choices.GoalProgress,
    "deviation_kind": choices.DeviationKind, "reporter": choices.Reporter,
    "deviation_decision": choices.DeviationDecision,
    "state": queries.PlacementState, "report_state": schedule.ReportState,
    "report_state_kind": schedule.REPORT_STATE_KINDS, "due_kind": due.DueKind,
    "police_criteria": choices.POLICE_CRITERIA,
}
INTEGER_CHOICES = ("goal_progress", "agreement_id")


def form_values(form):
    """Return the submitted values for a placement service (its choice ids as integers)."""
    return roundtrip.form_values(form, INTEGER_CHOICES)


def submit_or_show(form, action, done, template, success, **context):
    """Run the round trip of one placement form page (core/roundtrip.py)."""
    return roundtrip.round_trip(form, action, done, lambda: render_template(
        template, form=form, labels=LABELS, can=permissions.POLICY, **context), success)


@dataclass(frozen=True)
class FormPage:
    """The words of one form page about a placement."""

    title: str
    submit_label: str
    success: str


def placement_form(placement, form, action, page, allowed, done=None, **context):
    """Show or submit one form about a placement; back to its case file when done."""
    done = done or url_for("placements.detail", placement_id=placement.id)
    return submit_or_show(form, action, done, "placements/record_form.html", page.success,
                          placement=placement, title=page.title,
                          submit_label=page.submit_label, allowed=allowed, **context)
