"""Writes a user makes to an alert: acknowledge, snooze until a day, reopen.

Each flushes and records the audit diff; the view commits. The runner alone creates and
resolves alerts.
"""

from datetime import timedelta

from registry.alerts.models import Alert, AlertStatus
from registry.core import audit
from registry.core.dates import utcnow
from registry.core.refusal import Refused
from registry.extensions import db

FIELDS = ("status", "snoozed_until", "acknowledged_at", "acknowledged_by_id")
MAX_SNOOZE_DAYS = 365


def _save(alert):
    changes = audit.diff(alert, FIELDS)
    db.session.flush()
    audit.record("update", entity=Alert.__tablename__, entity_id=alert.id, changes=changes,
                 municipality_id=alert.municipality_id)
    return alert


def _check_not_resolved(alert):
    if alert.status == AlertStatus.RESOLVED.value:
        raise Refused("Bevakningen är redan löst; det finns inget kvar att göra.")


def acknowledge(alert, user):
    """Mark the alert as seen and handled by `user`; it leaves the open list."""
    _check_not_resolved(alert)
    alert.status = AlertStatus.ACKNOWLEDGED.value
    alert.snoozed_until = None
    alert.acknowledged_at = utcnow()
    alert.acknowledged_by_id = user.id
    return _save(alert)


def snooze(alert, until, on):
    """Hide the alert until day `until` (after `on`, at most a year ahead)."""
    _check_not_resolved(alert)
    if until is None or until <= on:
        raise Refused("Välj ett datum efter i dag.", "until")
    if until > on + timedelta(days=MAX_SNOOZE_DAYS):
        raise Refused("En bevakning kan pausas högst ett år.", "until")
    alert.status = AlertStatus.SNOOZED.value
    alert.snoozed_until = until
    return _save(alert)


def reopen(alert):
    """Put an acknowledged or snoozed alert back among the open ones."""
    _check_not_resolved(alert)
    alert.status = AlertStatus.OPEN.value
    alert.snoozed_until = None
    alert.acknowledged_at = None
    alert.acknowledged_by_id = None
    return _save(alert)
