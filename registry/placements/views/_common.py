"""What the placement views share: labels, form values and the submit-or-show pattern."""

from dataclasses import dataclass

from flask import flash, redirect, render_template, request, url_for

from registry.core.forms import MoneyField
from registry.extensions import db
from registry.placements import choices, due, permissions, queries, schedule
from registry.placements.rules import PlacementRefused

LABELS = {
    "category": choices.SUPPORT_CATEGORY_LABELS, "age_band": choices.AGE_BAND_LABELS,
    "end_reason": choices.END_REASON_LABELS, "source": choices.REPORT_SOURCE_LABELS,
    "participation": choices.PARTICIPATION_LABELS, "decision": choices.REPORT_DECISION_LABELS,
    "goal_progress": choices.GOAL_PROGRESS_LABELS,
    "deviation_kind": choices.DEVIATION_KIND_LABELS, "reporter": choices.REPORTER_LABELS,
    "deviation_decision": choices.DEVIATION_DECISION_LABELS,
    "state": queries.STATE_LABELS, "report_state": schedule.REPORT_STATE_LABELS,
    "report_state_kind": schedule.REPORT_STATE_KINDS, "due_kind": due.DUE_KIND_LABELS,
    "police_criteria": choices.POLICE_CRITERIA,
}
SKIPPED = {"csrf_token", "version"}
INTEGER_CHOICES = {"goal_progress", "agreement_id"}


def form_values(form):
    """Return the submitted values for a service: blanks as None, money as öre."""
    values = {}
    for name, field in form._fields.items():
        if name in SKIPPED:
            continue
        if isinstance(field, MoneyField):
            values[f"{name}_ore"] = field.ore
            continue
        value = field.data.strip() if isinstance(field.data, str) else field.data
        value = None if value == "" else value
        if name in INTEGER_CHOICES and value is not None:
            value = int(value)
        values[name] = value
    return values


def submit_or_show(form, action, done, template, success, **context):
    """On a valid POST run `action` in a savepoint and commit; else show the form.

    A refusal from the service is shown next to its field with 422 and nothing of the
    action is kept; the audited view of the record that the page shows is still committed.
    """
    if form.validate_on_submit():
        try:
            with db.session.begin_nested():
                result = action()
        except PlacementRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            flash(success, "success")
            return redirect(done(result) if callable(done) else done)
    status = 422 if request.method == "POST" else 200
    return render_template(template, form=form, labels=LABELS, can=permissions.POLICY,
                           **context), status


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
