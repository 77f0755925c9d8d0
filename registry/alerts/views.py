"""Alerts pages: the user's inbox, acknowledge, snooze and reopen, and the job log."""

from datetime import timedelta

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from registry.alerts import queries, services, subjects
from registry.alerts.forms import SnoozeForm
from registry.alerts.jobs import Job, describe_counts, run_state
from registry.alerts.models import (
    JOB_STATUS_KINDS,
    SEVERITY_KINDS,
    AlertStatus,
    Severity,
    audiences_for,
)
from registry.alerts.rules import rule_label
from registry.core import audit
from registry.core.dates import today, utcnow
from registry.core.permissions import Permission, require
from registry.core.roundtrip import act, round_trip

bp = Blueprint("alerts", __name__, url_prefix="/alerts")

LABELS = {"rule": rule_label, "status": AlertStatus, "severity": Severity,
          "severity_kind": SEVERITY_KINDS, "view": queries.InboxView, "job": Job,
          "job_status_kind": JOB_STATUS_KINDS}
# A digest still "sending" after this long was cut off mid-send (the SMTP timeout is shorter).
STUCK_SENDING = timedelta(minutes=15)


def _view():
    value = request.args.get("visa", queries.InboxView.OPEN.value)
    return queries.InboxView(value) if queries.InboxView.has(value) else queries.InboxView.OPEN


@bp.get("/")
@require(Permission.ALERTS_VIEW)
def index():
    """Show the user's alerts in one view (open by default), newest due date first."""
    user, on, view = current_user._get_current_object(), today(), _view()
    page = queries.inbox(user, view, on, request.args.get("page", 1, type=int))
    jobs = queries.latest_runs_by_job() if user.can(Permission.AUDIT_VIEW) else None
    html = render_template("alerts/index.html", page=page, view=view, on=on,
                           counts=queries.view_counts(user, on),
                           states=queries.states(page.items, user, on),
                           subjects=subjects.describe(page.items, user), labels=LABELS,
                           jobs=jobs, state_of=run_state,
                           receives=bool(audiences_for(user.roles)))
    audit.record("view", entity="alerts")  # the inbox names the user's own case references
    return html


def _act(alert_id, action, message):
    """Apply a one-button action to an alert the user can see, then go back to the list."""
    alert = queries.get_visible_or_404(current_user, alert_id)  # CSRF is checked app-wide
    return act(lambda: action(alert), message,
               url_for("alerts.index", visa=request.args.get("visa") or None))


@bp.post("/<int:alert_id>/acknowledge")
@require(Permission.ALERTS_VIEW)
def acknowledge(alert_id):
    """Acknowledge an alert."""
    user = current_user._get_current_object()
    return _act(alert_id, lambda alert: services.acknowledge(alert, user),
                "Bevakningen är kvitterad.")


@bp.post("/<int:alert_id>/reopen")
@require(Permission.ALERTS_VIEW)
def reopen(alert_id):
    """Put an acknowledged or snoozed alert back among the open ones."""
    user = current_user._get_current_object()
    return _act(alert_id, lambda alert: services.reopen(alert, user), "Bevakningen är öppen igen.")


@bp.route("/<int:alert_id>/snooze", methods=["GET", "POST"])
@require(Permission.ALERTS_VIEW)
def snooze(alert_id):
    """Snooze an alert until a chosen day."""
    user = current_user._get_current_object()
    alert = queries.get_visible_or_404(user, alert_id)
    form, on = SnoozeForm(), today()

    def page():
        subject = subjects.describe([alert], current_user).get(
            (alert.subject_type, alert.subject_id), subjects.UNKNOWN)
        return render_template("alerts/snooze.html", alert=alert, form=form, on=on,
                               subject=subject, labels=LABELS)
    return round_trip(
        form, lambda: services.snooze(alert, form.until.data, on, user), url_for("alerts.index"),
        page, lambda _: f"Bevakningen är pausad och visas igen {form.until.data:%Y-%m-%d}.")


@bp.get("/jobs")
@require(Permission.AUDIT_VIEW)
def jobs():
    """Show the scheduled jobs' latest runs, the last failure of each and interrupted sends."""
    return render_template("alerts/jobs.html", runs=queries.recent_runs(),
                           latest=queries.latest_runs_by_job(), labels=LABELS,
                           describe_counts=describe_counts, state_of=run_state,
                           unfinished=queries.unfinished_deliveries(utcnow() - STUCK_SENDING))
