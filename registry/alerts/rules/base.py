"""What every rule is: a name, whom it alerts, and a set-based query of what is due on a day.

A rule's query returns one row per due thing with the columns subject_id, municipality_id,
due_date and severity; `due_rows` adds the rule's constant columns. A rule asks "what is due
as of day D", never "what falls due on D", so a run after a gap catches up and a second run
finds the same rows. Where the owner's rule exists only in Python, the rule narrows the
candidates in SQL, lets the owner's function decide, and hands the answer over as one set
(`listed`); the runner's statements are the same either way.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Date, Integer, String, case, cast, false, literal, null, select

from registry.alerts.models import Severity
from registry.alerts.sql import json_table
from registry.core.settings import AlertThresholds, Settings


@dataclass(frozen=True)
class RuleContext:
    """What a rule may read: the day, the alert thresholds, the other settings, and a cache
    for what several rules of one run read alike."""

    on: date
    limits: AlertThresholds
    settings: Settings
    cache: dict = field(default_factory=dict, compare=False)

    def once(self, key, load):
        """Return load(), computed once per run under `key`."""
        if key not in self.cache:
            self.cache[key] = load()
        return self.cache[key]


@dataclass(frozen=True)
class Rule:
    """One alert rule of DESIGN.md §3."""

    name: str
    label: str
    subject_type: str
    audience: str
    query: Callable[[RuleContext], object]


def due(subject_id, municipality_id, due_date, severity):
    """Return a select of the four columns every rule query produces."""
    return select(subject_id.label("subject_id"), municipality_id.label("municipality_id"),
                  due_date.label("due_date"), severity.label("severity"))


def due_rows(rule, ctx):
    """Return the rule's rows with its constant columns, as a named subquery."""
    found = rule.query(ctx).subquery(f"due_{rule.name}")
    return select(
        literal(rule.name).label("rule"), literal(rule.subject_type).label("subject_type"),
        found.c.subject_id, found.c.municipality_id, literal(rule.audience).label("audience"),
        found.c.due_date, found.c.severity,
    ).where(found.c.subject_id.is_not(None)).subquery(f"rows_{rule.name}")


def severity_by_date(day, stages, otherwise=Severity.INFO):
    """SQL: the severity of the first (date, severity) stage that `day` falls on or before."""
    whens = [(day <= limit, literal(level.value)) for limit, level in stages]
    return case(*whens, else_=literal(otherwise.value))


def fixed(severity):
    """SQL: one severity for every row of a rule."""
    return literal(severity.value)


def listed(rows):
    """Return a rule query over (id, municipality, due date, severity) rows found in Python.

    For rules whose owner keeps the rule in Python (agreement status, ceiling spend, the
    reimbursement window, the follow-up cadence): the owner's function decides, and this
    hands its answer to the runner as one set.
    """
    found = json_table("listed", [("subject_id", Integer), ("municipality_id", Integer),
                                  ("due_date", Date), ("severity", String)],
                       [(i, m, d, s.value) for i, m, d, s in rows])
    return due(found.c.subject_id, found.c.municipality_id, found.c.due_date, found.c.severity)


def nothing():
    """Return a rule query with no rows (when there is nothing to look at)."""
    return due(cast(null(), Integer), cast(null(), Integer), cast(null(), Date),
               fixed(Severity.INFO)).where(false())
