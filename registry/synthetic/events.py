"""Alerts as a morning run would have left them, and the audit log of years of use.

Audit rows name an action and a record, never contents; addresses are from 192.0.2.0/24
(TEST-NET-1, documentation only).
"""

from datetime import datetime, time, timedelta

from registry.core.permissions import Role
from registry.placements.rules import DEVIATION_DECISION_DAYS

ALERT_COLUMNS = ("id", "rule", "subject_type", "subject_id", "municipality_id", "audience",
                 "due_date", "severity", "status", "created_at", "acknowledged_at",
                 "acknowledged_by_id", "resolved_at")
AUDIT_COLUMNS = ("id", "occurred_at", "user_id", "municipality_id", "action", "entity",
                 "entity_id", "ip")
ACTIONS = (("view", 70), ("update", 10), ("create", 8), ("login", 6), ("export", 2),
           ("logout", 3), ("failed_login", 1))
CASE_ENTITIES = ("placement", "monthly_report", "follow_up", "deviation", "invoice")


def declare_alerts(sink):
    sink.declare("alerts", ALERT_COLUMNS)


def report_missing(world, sink, case, due, received_on):
    """The alert for a late report: resolved when the report came in, else still open."""
    _alert(world, sink, "report_missing", "placement", case.id, case, due, received_on)


def deviation_open(world, sink, case, deviation_id, occurred):
    _alert(world, sink, "deviation_open", "deviation", deviation_id, case,
           occurred + timedelta(days=DEVIATION_DECISION_DAYS), None)


def _alert(world, sink, rule, subject_type, subject_id, case, due, cleared_on):
    """An alert raised the morning after it fell due; open or acknowledged until cleared."""
    rng, as_of = world.rng, world.scale.as_of
    raised = due + timedelta(days=1)
    if raised > as_of:
        return
    created = datetime.combine(raised, time(5, 30))
    status = "resolved" if cleared_on else rng.choices(("open", "acknowledged"), (60, 40))[0]
    acknowledged = created + timedelta(hours=3) if status == "acknowledged" else None
    sink.add("alerts", (
        sink.next_id("alerts"), rule, subject_type, subject_id, case.town.id, "case_officer",
        due, "warning", status, created, acknowledged,
        case.officer_id if acknowledged else None,
        datetime.combine(cleared_on, time(5, 30)) if cleared_on else None))


def add_audit_events(world, sink):
    """Spread `scale.audit_events` rows evenly over the history, oldest first."""
    sink.declare("audit_events", AUDIT_COLUMNS)
    rng, total = world.rng, world.scale.audit_events
    if not total or not world.placements:
        return
    first = datetime.combine(world.scale.first_day, time(7, 0))
    step = (datetime.combine(world.scale.as_of, time(7, 0)) - first) / total
    actions, weights = zip(*ACTIONS, strict=True)
    chosen = rng.choices(actions, weights=weights, k=total)
    for index, action in enumerate(chosen):
        placement_id, town_id = world.placements[rng.randrange(len(world.placements))]
        role = Role.CASE_OFFICER if rng.random() < 0.8 else Role.FINANCE
        entity, entity_id = None, None
        if action in ("view", "update", "create", "export"):
            entity = rng.choice(CASE_ENTITIES)
            entity_id = placement_id
        sink.add("audit_events", (
            sink.next_id("audit_events"), (first + step * index).replace(microsecond=0),
            world.users[(town_id, role)], town_id, action, entity, entity_id,
            f"192.0.2.{rng.randint(1, 254)}"))
