"""PostgreSQL only: ten parallel runs of the alert job, and two scheduler processes.

Threads and processes need committed data of their own, so each test builds its own app
against a fresh database (migrated and seeded with the demo data) and drops it afterwards.
"""

import os
import subprocess
import sys
import threading
import time
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from registry.alerts import jobs
from registry.alerts.leader import ADVISORY_KEY
from registry.alerts.models import Alert, JobRun
from registry.alerts.runner import run_rules
from registry.core.settings import settings_of
from registry.extensions import db
from tests.alerts.conftest import needs_postgres
from tests.conftest import make_app

pytestmark = [pytest.mark.postgres, needs_postgres, pytest.mark.no_db]

ROOT = Path(__file__).resolve().parents[2]
ON = date(2026, 11, 22)
KEY = (Alert.rule, Alert.subject_type, Alert.subject_id, Alert.due_date)


@pytest.fixture
def fresh_app():
    """An app on a new, migrated and demo-seeded PostgreSQL database, dropped afterwards."""
    from flask_migrate import upgrade

    from registry.seeding import seed

    base = make_url(os.environ["REGISTRY_TEST_DATABASE_URL"])
    name = f"{base.database}_alerts_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    application = make_app(base.set(database=name).render_as_string(hide_password=False))
    try:
        with application.app_context():
            upgrade(directory=application.extensions["migrate"].directory)
            seed(demo=True)
            db.session.commit()
        yield application
    finally:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _keys():
    query = select(*KEY, func.count(Alert.id)).group_by(*KEY)
    return {tuple(row[:4]): row[4] for row in db.session.execute(query)}


@pytest.mark.checklist("S3")
def test_ten_parallel_runs_create_each_alert_once(fresh_app):
    with fresh_app.app_context():
        run_rules(ON, settings_of(fresh_app))
        expected = set(_keys())
        db.session.rollback()
    assert expected, "the demo data should give alerts on this day"
    barrier, runs = threading.Barrier(10), []

    def work():
        with fresh_app.app_context():
            barrier.wait()
            run = jobs.run_alerts(ON)
            runs.append((run.status, run.error, run.counts.get("created", 0)))

    threads = [threading.Thread(target=work) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert [status for status, _, _ in runs] == ["succeeded"] * 10, runs
    assert sum(created for _, _, created in runs) == len(expected)
    with fresh_app.app_context():
        counts = _keys()
        assert set(counts) == expected
        assert set(counts.values()) == {1}
        assert db.session.scalar(select(func.count(JobRun.id))) == 10
        assert db.engine.pool.checkedout() <= 1  # only this context's own connection


def _start_scheduler(url):
    env = {**os.environ, "REGISTRY_DATABASE_URL": url, "REGISTRY_ENV_NAME": "development",
           "REGISTRY_SCHEDULER_LOCK_RETRY_SECONDS": "1",
           "REGISTRY_SCHEDULER_LOCK_CHECK_SECONDS": "1",
           "REGISTRY_DIGEST_ENABLED": "false", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "registry",
                                "scheduler"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    process.lines = []
    reader = threading.Thread(target=lambda: process.lines.extend(process.stdout), daemon=True)
    reader.start()
    return process


def _said(process, words):
    return any(words in line for line in process.lines)


def _wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _runners(app):
    with app.app_context():
        return [r for r in db.session.scalars(select(JobRun.runner).where(JobRun.job == "alerts"))]


def _lock_free_for_others(app):
    with app.app_context(), db.engine.connect() as connection:
        taken = connection.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_KEY})
        if taken:
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_KEY})
        return taken


def _terminate_lock_holder(app):
    with app.app_context(), db.engine.connect() as connection:
        return connection.scalar(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' "
            "AND granted AND classid::bigint = :high AND objid::bigint = :low AND database = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())"),
            {"high": ADVISORY_KEY >> 32, "low": ADVISORY_KEY & 0xFFFFFFFF})


@pytest.mark.checklist("S2")
def test_two_scheduler_processes_leave_exactly_one_running_the_jobs(fresh_app):
    url = fresh_app.config["SQLALCHEMY_DATABASE_URI"]
    first = _start_scheduler(url)
    assert _wait_for(lambda: _said(first, "scheduler leader")), first.lines
    second = _start_scheduler(url)
    try:
        assert _wait_for(lambda: _said(second, "scheduler waiting")), second.lines
        assert not _said(second, "scheduler leader")
        assert not _lock_free_for_others(fresh_app)
        assert _wait_for(lambda: _runners(fresh_app))
        time.sleep(3)  # the follower had time to run something, if it were going to
        assert [r.rsplit(":", 1)[1] for r in _runners(fresh_app)] == [str(first.pid)]

        # The leader's database session ends: it stops its jobs and both compete again;
        # exactly one leads and runs the catch-up, neither process exits.
        assert _terminate_lock_holder(fresh_app) == 1
        assert _wait_for(lambda: _said(first, "scheduler lock lost: jobs stopped")), first.lines
        assert _wait_for(lambda: len(_runners(fresh_app)) == 2), first.lines + second.lines
        time.sleep(3)  # a second leader would have run something by now
        assert len(_runners(fresh_app)) == 2 and not _lock_free_for_others(fresh_app)
        assert first.poll() is None and second.poll() is None
    finally:
        for process in (first, second):
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
