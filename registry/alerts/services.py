"""Writes a user makes to an alert: acknowledge, snooze until a day, reopen.

A case data alert's own row holds its status. A shared alert (no municipality: about a
provider or an agreement) is handled per municipality: the user's municipality's
SharedAlertState holds it, so one purchaser never silences it for the other municipalities.
Each flushes and records the audit diff; the view commits. The runner alone creates and
resolves alerts.
"""

from datetime import timedelta

from sqlalchemy import select

from registry.alerts.models import Alert, AlertStatus, SharedAlertState
from registry.core import audit
from registry.core.dates import utcnow
from registry.core.refusal import Refused
from registry.extensions import db

FIELDS = ("status", "snoozed_until", "acknowledged_at", "acknowledged_by_id")
MAX_SNOOZE_DAYS = 365


def _save(alert, row=None, municipality_id=None):
    """Flush the change to `row` (the alert itself, or a municipality's state of a shared
    alert) and audit it against the alert."""
    row = alert if row is None else row
    changes = audit.diff(row, FIELDS)
    db.session.flush()
    audit.record("update", entity=Alert.__tablename__, entity_id=alert.id, changes=changes,
                 municipality_id=municipality_id or alert.municipality_id)
    return alert


def _check_not_resolved(alert):
    if alert.status == AlertStatus.RESOLVED.value:
        raise Refused("Bevakningen är redan löst; det finns inget kvar att göra.")


def _handled_row(alert, user, create=True):
    """Return the row that holds the user's handling of the alert: the alert itself for case
    data, the user's municipality's state of a shared alert (made when `create`)."""
    if alert.municipality_id is not None:
        return alert
    if user.municipality_id is None:
        raise Refused("En gemensam bevakning hanteras av användare i en kommun.")
    row = db.session.scalar(select(SharedAlertState).where(
        SharedAlertState.alert_id == alert.id,
        SharedAlertState.municipality_id == user.municipality_id))
    if row is None and create:
        row = SharedAlertState(alert_id=alert.id, municipality_id=user.municipality_id)
        db.session.add(row)
    return row


def acknowledge(alert, user):
    """Mark the alert as seen and handled by `user`; it leaves the open list (of the user's
    municipality, for a shared alert)."""
    _check_not_resolved(alert)
    row = _handled_row(alert, user)
    row.status = AlertStatus.ACKNOWLEDGED.value
    row.snoozed_until = None
    row.acknowledged_at = utcnow()
    row.acknowledged_by_id = user.id
    return _save(alert, row, user.municipality_id)


def snooze(alert, until, on, user):
    """Hide the alert until day `until` (after `on`, at most a year ahead) for the user
    (and the user's municipality, for a shared alert)."""
    _check_not_resolved(alert)
    if until is None or until <= on:
        raise Refused("Välj ett datum efter i dag.", "until")
    if until > on + timedelta(days=MAX_SNOOZE_DAYS):
        raise Refused("En bevakning kan pausas högst ett år.", "until")
    row = _handled_row(alert, user)
    row.status = AlertStatus.SNOOZED.value
    row.snoozed_until = until
    return _save(alert, row, user.municipality_id)


def reopen(alert, user):
    """Put an acknowledged or snoozed alert back among the open ones."""
    _check_not_resolved(alert)
    row = _handled_row(alert, user, create=False)
    if row is None:
        return alert  # already open for the user's municipality
    if row is not alert:
        audit.record("update", entity=Alert.__tablename__, entity_id=alert.id,
                     municipality_id=user.municipality_id,
                     changes={"status": {"before": row.status, "after": AlertStatus.OPEN.value}})
        db.session.delete(row)
        db.session.flush()
        return alert
    alert.status = AlertStatus.OPEN.value
    alert.snoozed_until = None
    alert.acknowledged_at = None
    alert.acknowledged_by_id = None
    return _save(alert)
