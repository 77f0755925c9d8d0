"""The migrations: one head, dated file names, named constraints, and no drift from the models."""

import re
from datetime import datetime
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from registry.extensions import db

DATED_NAME = re.compile(r"^(\d{8})_[0-9a-z]+_\w+\.py$")
CONVENTION = {  # kind -> pattern of a conforming name, given the table name
    "pk": r"pk_{table}",
    "fk": r"fk_{table}_\w+",
    "uq": r"uq_{table}_\w+",
    "ck": r"ck_{table}_\w+",
    "ix": r"ix_{table}_\w+",
}


def _migrations_dir(app):
    return Path(app.extensions["migrate"].directory)


def _script_directory(app):
    directory = _migrations_dir(app)
    config = Config(str(directory / "alembic.ini"))
    config.set_main_option("script_location", str(directory))
    return ScriptDirectory.from_config(config)


def _conforms(kind, table, name):
    return name is not None and re.fullmatch(CONVENTION[kind].format(table=table), name)


def test_there_is_exactly_one_head(app):
    heads = _script_directory(app).get_heads()
    assert len(heads) == 1, f"several Alembic heads, merge them: {heads}"


def test_every_revision_is_reachable_from_the_head(app):
    script = _script_directory(app)
    revisions = list(script.walk_revisions())
    assert revisions, "no migrations found"
    assert revisions[-1].down_revision is None


def test_migration_file_names_start_with_a_date(app):
    names = sorted(p.name for p in (_migrations_dir(app) / "versions").glob("*.py"))
    assert names, "no migration files"
    for name in names:
        match = DATED_NAME.match(name)
        assert match, f"{name} does not start with YYYYMMDD_<rev>_"
        datetime.strptime(match.group(1), "%Y%m%d")


def test_database_is_at_head(app):
    context = MigrationContext.configure(db.session.connection())
    assert set(context.get_current_heads()) == set(_script_directory(app).get_heads())


def test_models_match_the_migrated_database():
    context = MigrationContext.configure(
        db.session.connection(), opts={"compare_type": True, "compare_server_default": False})
    differences = compare_metadata(context, db.metadata)
    assert differences == [], "models and migrations differ; run `flask db migrate`:\n" + \
        "\n".join(repr(d) for d in differences)


def test_metadata_constraints_follow_the_naming_convention():
    """Every constraint the models declare gets a convention name, none is left unnamed."""
    problems = []
    for table in db.metadata.sorted_tables:
        for constraint in table.constraints:
            kind = _kind(constraint)
            name = constraint.name if isinstance(constraint.name, str) else None
            if not _conforms(kind, table.name, name):
                problems.append(f"{table.name}: {kind} {name!r}")
        for index in table.indexes:
            name = index.name if isinstance(index.name, str) else None
            if not _conforms("ix", table.name, name):
                problems.append(f"{table.name}: index {index.name!r}")
    assert problems == []


def test_database_constraints_follow_the_naming_convention():
    """Reflect the migrated database: no constraint or index got a server-chosen name."""
    inspector = inspect(db.session.connection())
    problems = []
    for table in inspector.get_table_names():
        if table == "alembic_version":
            continue
        found = [("pk", inspector.get_pk_constraint(table).get("name"))]
        found += [("fk", fk["name"]) for fk in inspector.get_foreign_keys(table)]
        found += [("uq", uq["name"]) for uq in inspector.get_unique_constraints(table)]
        found += [("ck", ck["name"]) for ck in inspector.get_check_constraints(table)]
        found += [("ix", ix["name"]) for ix in inspector.get_indexes(table)
                  if not ix.get("duplicates_constraint")]
        problems += [f"{table}: {kind} {name!r}" for kind, name in found
                     if not _conforms(kind, table, name)]
    assert problems == []


def _kind(constraint):
    return {"PrimaryKeyConstraint": "pk", "ForeignKeyConstraint": "fk",
            "UniqueConstraint": "uq", "CheckConstraint": "ck"}[type(constraint).__name__]
