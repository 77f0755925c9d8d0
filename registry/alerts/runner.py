"""Apply the rules for a day: insert missing alerts, reopen, escalate, resolve, wake snoozed.

Reopening and escalating a shared alert open it again for every municipality (their
acknowledgements and snoozes, alerts/models.py SharedAlertState, are cleared).

Every step is one set-based statement per rule, over the rule's rows found once. The
insert tolerates a concurrent run (ON CONFLICT DO NOTHING on the unique key), so running
twice or in parallel creates each alert once. The caller (a job or a CLI command) commits once.
"""

from collections import Counter

from sqlalchemy import Date, Integer, String, case, delete, literal, select, tuple_, update

from registry.alerts.models import SEVERITY_RANK, Alert, AlertStatus, Severity, SharedAlertState
from registry.alerts.rules import RULES
from registry.alerts.rules.base import RuleContext, due_rows
from registry.alerts.sql import dialect_insert, json_table
from registry.core.dates import utcnow
from registry.extensions import db

KEY = ("rule", "subject_type", "subject_id", "due_date")
INSERTED = (*KEY, "municipality_id", "audience", "severity")
NOT_RESOLVED = Alert.status != AlertStatus.RESOLVED.value
ROW_TYPES = (("rule", String), ("subject_type", String), ("subject_id", Integer),
             ("municipality_id", Integer), ("audience", String), ("due_date", Date),
             ("severity", String))


def run_rules(on, settings, rules=RULES):
    """Bring the alerts up to date for day `on`; return the counts of what changed."""
    ctx = RuleContext(on=on, limits=settings.alerts, settings=settings)
    counts = Counter()
    for rule in rules:
        counts.update(apply_rule(rule, ctx))
    counts["woken"] += wake_snoozed(on)
    db.session.expire_all()
    return {name: counts[name] for name in ("created", "reopened", "escalated", "resolved",
                                            "woken")}


def apply_rule(rule, ctx):
    """Apply one rule; return its counts."""
    rows = _evaluated(rule, due_rows(rule, ctx))
    return {"created": _insert_missing(rows), "reopened": _reopen(rule, rows),
            "escalated": _escalate(rule, rows), "resolved": _resolve(rule, rows)}


def _evaluated(rule, rows):
    """Run the rule's query once and hand its answer to the statements below as one set:
    the query can be the costliest statement of a run, and each step would repeat it."""
    found = db.session.execute(select(*(rows.c[name] for name, _type in ROW_TYPES))).all()
    return json_table(f"found_{rule.name}", ROW_TYPES, found)


def _execute(statement):
    return db.session.execute(statement, execution_options={"synchronize_session": False})


def _listed(rows, *where):
    """SQL: the alert's (subject, due date) is among the rule's rows (one uncorrelated set,
    which the database builds once instead of once per alert)."""
    keys = select(rows.c.subject_id, rows.c.due_date).where(*where)
    return tuple_(Alert.subject_id, Alert.due_date).in_(keys)


def _insert_missing(rows):
    """Insert the rows that have no alert yet; a concurrent run's rows are skipped."""
    source = select(*(rows.c[name] for name in INSERTED), literal(AlertStatus.OPEN.value),
                    literal(utcnow())).where(rows.c.subject_id.is_not(None)).order_by(
        rows.c.subject_id, rows.c.due_date)  # one lock order for every concurrent run
    statement = dialect_insert(Alert).from_select([*INSERTED, "status", "created_at"], source)
    statement = statement.on_conflict_do_nothing(index_elements=KEY).returning(Alert.id)
    return len(db.session.execute(statement).all())


def _clear_shared_states(*where):
    """Open the shared alerts matching `where` again for every municipality (run before the
    update that changes them, while `where` still finds them)."""
    alerts = select(Alert.id).where(Alert.municipality_id.is_(None), *where)
    _execute(delete(SharedAlertState).where(SharedAlertState.alert_id.in_(alerts)))


def _reopen(rule, rows):
    """Reopen resolved alerts whose condition holds again."""
    where = (Alert.rule == rule.name, Alert.status == AlertStatus.RESOLVED.value, _listed(rows))
    _clear_shared_states(*where)
    statement = update(Alert).where(*where).values(status=AlertStatus.OPEN.value,
                                                   resolved_at=None)
    return _execute(statement).rowcount


def _rank(severity):
    return case({level.value: rank for level, rank in SEVERITY_RANK.items()}, value=severity,
                else_=0)


def _escalate(rule, rows):
    """Raise the severity of alerts that reached a more urgent stage, and show them again."""
    total = 0
    for level in (Severity.WARNING, Severity.CRITICAL):
        where = (Alert.rule == rule.name, NOT_RESOLVED,
                 _rank(Alert.severity) < SEVERITY_RANK[level],
                 _listed(rows, rows.c.severity == level.value))
        _clear_shared_states(*where)
        statement = update(Alert).where(*where).values(
            severity=level.value, status=AlertStatus.OPEN.value, snoozed_until=None,
            acknowledged_at=None, acknowledged_by_id=None)
        total += _execute(statement).rowcount
    return total


def _resolve(rule, rows):
    """Resolve the rule's alerts whose condition has cleared."""
    statement = update(Alert).where(
        Alert.rule == rule.name, NOT_RESOLVED, ~_listed(rows),
    ).values(status=AlertStatus.RESOLVED.value, resolved_at=utcnow(), snoozed_until=None)
    return _execute(statement).rowcount


def wake_snoozed(on):
    """Reopen snoozed alerts whose snooze ended on or before `on` (a municipality's snooze of
    a shared alert too)."""
    statement = update(Alert).where(
        Alert.status == AlertStatus.SNOOZED.value, Alert.snoozed_until <= on,
    ).values(status=AlertStatus.OPEN.value, snoozed_until=None)
    shared = delete(SharedAlertState).where(
        SharedAlertState.status == AlertStatus.SNOOZED.value, SharedAlertState.snoozed_until <= on)
    return _execute(statement).rowcount + _execute(shared).rowcount
