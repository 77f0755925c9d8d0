"""`registry backup PATH`: a consistent copy of the configured database.

PostgreSQL: pg_dump in its custom format (-Fc), restored with
`pg_restore --clean --if-exists --no-owner -d <database> PATH`. SQLite: the sqlite3 online
backup API, safe while the app runs; restored by copying the file back with the app stopped.
The copy is written beside PATH first and renamed, so a failed backup never leaves a
truncated file under PATH.
"""

import glob
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path


class BackupError(RuntimeError):
    """The backup could not be made; the message is for the operator (Swedish)."""


def _version(path):
    match = re.search(r"/postgresql/(\d+)/", path)
    return int(match.group(1)) if match else 0


def find_pg_program(name):
    """Return the path of a PostgreSQL program (pg_dump, initdb, ...), or None.

    pg_config's bindir first, then the newest /usr/lib/postgresql/<n>/bin, then PATH.
    """
    try:
        bindir = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True,
                                check=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        bindir = ""
    candidates = [Path(bindir) / name] if bindir else []
    candidates += [Path(p) for p in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                                           key=_version, reverse=True)]
    found = shutil.which(name)
    candidates += [Path(found)] if found else []
    return next((path for path in candidates if path.is_file()), None)


def backup(url, path):
    """Copy the database at SQLAlchemy `url` to `path`; return the size in bytes."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    try:
        if url.get_backend_name() == "postgresql":
            _pg_dump(url, partial)
        elif url.get_backend_name() == "sqlite":
            _sqlite_backup(url, partial)
        else:
            raise BackupError(f"Säkerhetskopiering stöds inte för {url.get_backend_name()}.")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path.stat().st_size


def _pg_dump(url, target):
    program = find_pg_program("pg_dump")
    if program is None:
        raise BackupError("pg_dump saknas. Installera PostgreSQL-klienten (t.ex. apt-get "
                          "install postgresql-client) i samma version som servern.")
    env = {**os.environ, "PGPASSWORD": url.password or os.environ.get("PGPASSWORD", "")}
    dsn = url.set(drivername="postgresql", password=None).render_as_string()
    result = subprocess.run([str(program), "--format=custom", "--file", str(target),
                             "--dbname", dsn], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"pg_dump misslyckades: {result.stderr.strip()[-500:]}")


def _sqlite_backup(url, target):
    database = url.database
    if not database or database == ":memory:" or not Path(database).is_file():
        raise BackupError(f"SQLite-databasen finns inte som fil: {database or '(minne)'}")
    source = sqlite3.connect(database)
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
    finally:
        copy.close()
        source.close()
