"""`registry backup PATH` and the documented restore give back every row.

The test backs up the suite's own database, whichever it is: the SQLite run checks the
online-backup copy, the PostgreSQL run checks pg_dump -Fc and pg_restore into a new database.
"""

import shutil
import subprocess
import uuid

import pytest
from sqlalchemy import create_engine, func, inspect, select, table, text
from sqlalchemy.engine import make_url

from registry.core.backup import BackupError, backup, find_pg_program
from registry.extensions import db

pytestmark = pytest.mark.no_db


def _row_counts(url):
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            names = inspect(connection).get_table_names()
            return {name: connection.scalar(select(func.count()).select_from(table(name)))
                    for name in names}
    finally:
        engine.dispose()


def _backup_with_the_command(app, path):
    result = app.test_cli_runner().invoke(args=["registry", "backup", str(path)])
    assert result.exit_code == 0, result.output
    assert f"Säkerhetskopian är sparad i {path}" in result.output
    return path


def test_a_sqlite_backup_copied_back_has_every_row(app, database_url, tmp_path):
    if not database_url.startswith("sqlite"):
        pytest.skip("the SQLite backup is checked in the SQLite run")
    dump = _backup_with_the_command(app, tmp_path / "registret.sqlite3")
    restored = tmp_path / "restored.sqlite3"
    shutil.copyfile(dump, restored)  # the documented restore: copy the file back
    counts = _row_counts(f"sqlite:///{restored}")
    assert counts == _row_counts(database_url)
    assert counts["placements"] > 0 and counts["audit_events"] > 0
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.postgres
def test_a_pg_dump_restored_into_a_new_database_has_every_row(app, database_url, tmp_path):
    if not database_url.startswith("postgresql"):
        pytest.skip("pg_dump is checked in the PostgreSQL run")
    dump = _backup_with_the_command(app, tmp_path / "registret.dump")
    assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    source = make_url(database_url)
    target = source.set(database=f"{source.database}_restore_{uuid.uuid4().hex[:8]}")
    admin = create_engine(source.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    try:
        _pg_restore(target, dump)
        counts = _row_counts(target)
        assert counts == _row_counts(source)
        assert counts["placements"] > 0 and counts["audit_events"] > 0
        _pg_restore(target, dump, "--clean", "--if-exists")  # over itself, triggers and all
        assert _row_counts(target) == counts
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        admin.dispose()


def _pg_restore(url, dump, *options):
    program = find_pg_program("pg_restore")
    assert program, "pg_restore is installed wherever pg_dump is"
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    result = subprocess.run([str(program), "--no-owner", "--exit-on-error", *options,
                             "--dbname", dsn, str(dump)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_failed_backup_leaves_no_file_and_says_why(app, tmp_path, monkeypatch):
    monkeypatch.setattr("registry.core.backup.find_pg_program", lambda _name: None)
    monkeypatch.setattr("registry.core.backup._sqlite_backup", _refuse)
    with app.app_context():
        url = db.engine.url
    result = app.test_cli_runner().invoke(args=["registry", "backup",
                                                str(tmp_path / "x.dump")])
    assert result.exit_code == 1
    expected = "pg_dump saknas" if url.get_backend_name() == "postgresql" else "finns inte"
    assert expected in result.output
    assert list(tmp_path.iterdir()) == []


def _refuse(_url, target):
    target.write_bytes(b"half")
    raise BackupError("SQLite-databasen finns inte som fil: x")


def test_an_in_memory_database_cannot_be_backed_up(tmp_path):
    with pytest.raises(BackupError, match="finns inte som fil"):
        backup(make_url("sqlite:///:memory:"), tmp_path / "x")
