"""Every audited entity and field has a Swedish label, found by reading the source: a new
`audit.record(...)` entity or a new column of an audited table fails here until it is named
in registry/admin/audit_entities.py or audit_fields.py."""

import ast
import functools
import re
from pathlib import Path

import pytest
from sqlalchemy import CheckConstraint

from registry.admin.audit_entities import AREAS, ENTITIES, entity_label, has_label
from registry.admin.audit_fields import field
from registry.admin.audit_fields import has_label as field_has_label
from registry.admin.audit_values import changes_of
from registry.extensions import db

pytestmark = pytest.mark.checklist("A14")

SOURCE = Path(__file__).resolve().parents[2] / "registry"
RECORDERS = {"record": 1, "record_denied": 0}  # function name -> position of the entity
# Tables whose rows are never diffed into an audit row (only named, or not audited at all).
UNDIFFED = {"audit_events", "job_runs", "digest_deliveries", "login_failures",
            "municipalities", "service_types", "user_roles", "agreement_parties",
            "provider_services"}
# Columns no change ever records (keys, bookkeeping, secrets).
EXEMPT = {"id", "created_at", "updated_at", "version", "password_hash", "token_hash",
          "session_version", "storage_name"}


def _modules():
    for path in sorted(SOURCE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _name(func):
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _argument(call, position, keyword):
    for item in call.keywords:
        if item.arg == keyword:
            return item.value
    return call.args[position] if len(call.args) > position else None


class _Entities:
    """Collect what every recorded entity expression can be."""

    def __init__(self):
        self.names, self.prefixes, self.unknown = set(), set(), []
        self.any_table = self.any_endpoint = False

    def resolve(self, node, tree, where, depth=0):
        if node is None or (isinstance(node, ast.Constant) and node.value is None):
            return
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            self.names.add(node.value)
        elif isinstance(node, ast.JoinedStr):
            self.prefixes.add(node.values[0].value.split(".")[0])
        elif isinstance(node, ast.Attribute) and node.attr == "__tablename__":
            self.any_table = True
        elif isinstance(node, ast.Attribute) and node.attr in ("endpoint", "__name__"):
            self.any_endpoint = True
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                self.resolve(value, tree, where, depth)
        elif isinstance(node, ast.Name) and depth < 3:
            self._parameter(node.id, tree, where, depth)
        else:
            self.unknown.append(f"{where}: {ast.unparse(node)}")

    def _parameter(self, name, tree, where, depth):
        """Resolve a function parameter through the calls of that function in its module."""
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef):
                continue
            params = [a.arg for a in func.args.args]
            if name not in params or where[1] not in range(func.lineno, func.end_lineno + 1):
                continue
            for call in ast.walk(tree):
                if isinstance(call, ast.Call) and _name(call.func) == func.name:
                    value = _argument(call, params.index(name), name)
                    self.resolve(value, tree, (where[0], call.lineno), depth + 1)
            return
        self.unknown.append(f"{where}: {name}")


@functools.cache
def _recorded():
    found, keys = _Entities(), set()
    for path, tree in _modules():
        for call in ast.walk(tree):
            if isinstance(call, ast.Call) and _name(call.func) in RECORDERS:
                position = RECORDERS[_name(call.func)]
                name = "what" if _name(call.func) == "record_denied" else "entity"
                found.resolve(_argument(call, position, name), tree, (path.name, call.lineno))
                changes = _argument(call, position + 2, "changes")
                if isinstance(changes, ast.Dict):
                    keys |= {k.value for k in changes.keys if isinstance(k, ast.Constant)}
            if isinstance(call, ast.Assign):  # changes["services"] = {...}
                for target in call.targets:
                    if (isinstance(target, ast.Subscript) and _name(target.value) == "changes"
                            and isinstance(target.slice, ast.Constant)
                            and isinstance(target.slice.value, str)):
                        keys.add(target.slice.value)
    return found, keys


def test_the_source_scan_understands_every_recorded_entity():
    found, _keys = _recorded()
    assert not found.unknown, "entity expressions the scan cannot read; label them here"
    assert {"placements", "monthly_reports", "provider", "finance_placements",
            "reimbursement_claims", "audit_events"} <= found.names | set(ENTITIES)
    assert found.any_table and found.any_endpoint and "reports" in found.prefixes


def test_every_recorded_entity_has_a_swedish_name():
    found, _keys = _recorded()
    assert sorted(n for n in found.names if not has_label(n)) == []
    assert sorted(p for p in found.prefixes if p not in AREAS) == []
    if found.any_table:
        assert sorted(t for t in db.metadata.tables if t not in ENTITIES) == []


def test_every_part_of_the_site_has_a_name_for_refused_requests(app):
    assert sorted(b for b in app.blueprints if b not in AREAS) == []
    assert entity_label("placements.detail") == "Sida i placeringar (detail)"


def test_every_column_of_an_audited_table_has_a_swedish_label():
    tables = {e.table for e in ENTITIES.values() if e.table} - UNDIFFED
    missing = sorted(f"{t}.{c.name}" for t in tables for c in db.metadata.tables[t].columns
                     if c.name not in EXEMPT and not field_has_label(t, c.name))
    assert missing == []


def test_every_recorded_change_key_has_a_swedish_label():
    _found, keys = _recorded()
    assert sorted(k for k in keys if not field_has_label(None, k)) == []


def _enum_columns(table):
    for constraint in table.constraints:
        if isinstance(constraint, CheckConstraint):
            match = re.match(r"^(?:(\w+) IS NULL OR )?(\w+) IN \(", str(constraint.sqltext))
            if match:
                yield match.group(2)


def test_every_coded_column_is_shown_by_its_label():
    tables = {e.table for e in ENTITIES.values() if e.table} - UNDIFFED
    plain = sorted(f"{t}.{name}" for t in tables for name in _enum_columns(db.metadata.tables[t])
                   if field(t, name).kind not in ("enum", "shown"))
    assert plain == []


def test_free_text_columns_are_never_shown():
    lines = changes_of("follow_ups", {"outcome": {"before": "Bra", "after": "Sämre"},
                                      "participants": {"changed": True},
                                      "held_on": {"before": "2026-01-02", "after": None}})
    assert [str(line) for line in lines] == ["Resultat: ändrad", "Deltagare: ändrad",
                                             "Uppföljningsdatum: 2026-01-02 → –"]
    assert [str(line) for line in changes_of("assessments", {"summary": "Hemligt"})] == [
        "Sammanfattning: ändrad"]
    assert str(changes_of("hemlig_tabell", {"ny_kolumn": "x"})[0]) == "ny_kolumn: ändrad"
