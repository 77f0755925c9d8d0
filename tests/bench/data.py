"""The benchmark databases: generated once per scale and seed, copied for every run.

SQLite: the generated file is kept as test-output/bench/sqlite-<key>.db and copied to a
working file. PostgreSQL: the generated database is kept as registry_bench_cache_<key> and
each run works in registry_bench, created from it as a template and dropped afterwards.
A run migrates the copy to head (new indexes apply) and refreshes the planner statistics.
"""

import os
import shutil
import sqlite3
import time
from contextlib import closing
from datetime import date
from pathlib import Path

import psycopg
from flask_migrate import upgrade
from sqlalchemy import text

from registry.extensions import db
from registry.synthetic import Scale, generate
from tests.conftest import make_app

OUT = Path(__file__).resolve().parents[2] / "test-output" / "bench"
AS_OF = date(2026, 11, 1)
PG_HOST = os.environ.get("REGISTRY_PG_HOST", "127.0.0.1")
PG_PORT = os.environ.get("REGISTRY_PG_PORT", "5432")
PG_USER = os.environ.get("REGISTRY_PG_USER", "postgres")
PG_ADMIN = f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/postgres"
PG_WORK = "registry_bench"


def scale():
    return Scale(placements=int(os.environ.get("BENCH_PLACEMENTS", "100000")),
                 seed=int(os.environ.get("BENCH_SEED", "1")), as_of=AS_OF).resolved()


def key(s):
    return f"p{s.placements}-s{s.seed}-{s.as_of:%Y%m%d}"


def bench_app(url):
    # Production-strength password hashing is not what is measured; CSRF stays on.
    return make_app(url, RATELIMIT_ENABLED=False)


def _fill(url, s, say):
    """Migrate an empty database at `url` and generate the scale into it."""
    application = bench_app(url)
    with application.app_context():
        upgrade(directory=application.extensions["migrate"].directory)
        started = time.monotonic()
        counts = generate(s, progress=say)
        db.session.commit()
        say(f"generated {sum(counts.values())} rows in {time.monotonic() - started:.0f} s")
        db.session.remove()
        db.engine.dispose()
    return time.monotonic() - started


def _prepare(url):
    """Bring a working copy to the migration head and refresh its statistics."""
    application = bench_app(url)
    with application.app_context():
        upgrade(directory=application.extensions["migrate"].directory)
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def sqlite_url(say):
    """Return the URL of a fresh working copy of the generated SQLite file."""
    s = scale()
    OUT.mkdir(parents=True, exist_ok=True)
    cached = OUT / f"sqlite-{key(s)}.db"
    if not cached.exists():
        partial = cached.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        seconds = _fill(f"sqlite:///{partial}", s, say)
        with closing(sqlite3.connect(partial)) as conn:  # one self-contained file, no WAL
            conn.execute("PRAGMA journal_mode = DELETE")
        (OUT / f"sqlite-{key(s)}.seconds").write_text(f"{seconds:.0f}\n")
        partial.rename(cached)
    work = OUT / "sqlite-work.db"
    shutil.copyfile(cached, work)
    url = f"sqlite:///{work}"
    _prepare(url)
    return url


def pg_available():
    try:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.OperationalError:
        return False
    return True


def _admin(*statements):
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        results = [conn.execute(statement).fetchall() if statement.startswith("SELECT")
                   else conn.execute(statement) for statement in statements]
    return results


def _pg(name):
    return f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"


def postgres_url(say):
    """Return the URL of registry_bench, a fresh copy of the generated cache database."""
    s = scale()
    cache = f"registry_bench_cache_{key(s)}".replace("-", "_")
    done = f"{cache}_done"  # renamed only once generation committed
    existing = {row[0] for row in _admin("SELECT datname FROM pg_database")[0]}
    if done not in existing:
        if cache in existing:
            _admin(f'DROP DATABASE "{cache}"')
        _admin(f'CREATE DATABASE "{cache}"')
        seconds = _fill(_pg(cache), s, say)
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / f"postgres-{key(s)}.seconds").write_text(f"{seconds:.0f}\n")
        _admin(f'ALTER DATABASE "{cache}" RENAME TO "{done}"')
    _admin(f'DROP DATABASE IF EXISTS "{PG_WORK}"',
           f'CREATE DATABASE "{PG_WORK}" TEMPLATE "{done}"')
    url = _pg(PG_WORK)
    _prepare(url)
    return url


def drop_postgres():
    _admin(f'DROP DATABASE IF EXISTS "{PG_WORK}" WITH (FORCE)')
