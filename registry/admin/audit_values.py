"""An audit row's stored changes as Swedish "field: before → after" lines.

Free text is never shown, whatever was stored: its line says "ändrad". Dates are ISO, times
Swedish time, money in kronor (core/money.py), coded values by their label (core/enums.py).
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from registry.admin.audit_entities import entity
from registry.admin.audit_fields import Field, field
from registry.agreements.models import CONTRACT_TERMS
from registry.core.dates import STOCKHOLM
from registry.core.money import format_money, format_number

MASKED = "ändrad"
NO_VALUE = "–"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_MASK = object()  # a change recorded as {"changed": True}: free text, named only
_NONE = object()  # a value recorded without a before


@dataclass(frozen=True)
class Change:
    """One field's line; `before` is "" when there is none to show (free text, a plain
    recorded value such as an export's row count)."""

    label: str
    before: str
    after: str

    def __str__(self):
        if not self.before:  # free text, or a value recorded without a before
            return f"{self.label}: {self.after}"
        return f"{self.label}: {self.before} → {self.after}"


def stockholm_time(utc_naive):
    """Return a stored naive UTC time as naive Swedish (Europe/Stockholm) local time."""
    if utc_naive is None:
        return None
    local = utc_naive.replace(tzinfo=UTC).astimezone(STOCKHOLM)
    return local.replace(tzinfo=None, microsecond=0)


def _fields(entity_name, changes):
    found = entity(entity_name)
    table = found.table if found else None
    for name, value in (changes or {}).items():
        yield name, field(table, name), value


def changes_of(entity_name, changes, names=None):
    """Return the Change lines of an audit row's `changes`, in recorded order.

    `names` maps (table, id) to a name (see `references`); an id without one shows as is.
    """
    lines = []
    for name, spec, value in _fields(entity_name, changes):
        if name == "terms" and isinstance(value, dict):
            lines.extend(_term_changes(value))
        else:
            lines.append(_change(spec, value, names or {}))
    return lines


def references(entity_name, changes):
    """Return the (table, id) pairs the changes name by id, to look their names up at once."""
    found = set()
    for _name, spec, value in _fields(entity_name, changes):
        if spec.target and spec.kind in ("id", "ids"):
            for side in _before_after(value):
                items = side if isinstance(side, (list, tuple)) else [side]
                found |= {(spec.target, i) for i in items if _is_number(i)}
    return found


def _term_changes(terms):
    label = field(None, "terms").label
    return [_change(Field(f"{label}: {CONTRACT_TERMS.get(code, code)}", "bool"), value, {})
            for code, value in terms.items()]


def _change(spec, value, names):
    before, after = _before_after(value)
    if spec.kind == "text" or after is _MASK:
        return Change(spec.label, "", MASKED)
    return Change(spec.label, "" if before is _NONE else show(spec, before, names),
                  show(spec, after, names))


def _before_after(value):
    """Split a stored change: {before, after}, {changed: True} or a plain recorded value."""
    if not isinstance(value, dict) or not set(value) <= {"before", "after", "changed"}:
        return _NONE, value
    if set(value) == {"changed"}:
        return _NONE, _MASK if value["changed"] is True else value["changed"]
    return value.get("before"), value.get("after")


def show(spec, value, names=None):
    """Return one value of a field as text (free text as "ändrad", never its contents)."""
    if value is None or value == "":
        return NO_VALUE
    if spec.kind == "text":
        return MASKED
    if isinstance(value, (list, tuple)):
        return ", ".join(show(spec, item, names) for item in value) or NO_VALUE
    if spec.target and names and (spec.target, value) in names:
        return names[(spec.target, value)]
    return _SHOW.get(spec.kind, _shown)(spec, value)


def _shown(_spec, value):
    return str(value)


def _enum(spec, value):
    labels = spec.labels
    return labels.label_of(value) if hasattr(labels, "label_of") else str(labels(value))


def _money(_spec, value):
    return format_money(int(value)) if _is_number(value) else str(value)


def _number(_spec, value):
    if isinstance(value, bool) or not _is_number(value):
        return str(value)
    return str(value) if isinstance(value, int) else format_number(value)


def _bool(_spec, value):
    return "ja" if value in (True, "True", "true", 1) else "nej"


def _date(_spec, value):
    return str(value)[:10]


def _time(_spec, value):
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return stockholm_time(moment).strftime(TIME_FORMAT)


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_SHOW = {"enum": _enum, "money": _money, "number": _number, "id": _number, "ids": _number,
         "bool": _bool, "date": _date, "time": _time, "shown": _shown}
