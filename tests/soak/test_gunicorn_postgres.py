"""The production setup under the same team: gunicorn with 4 workers on PostgreSQL.

Runs in the PostgreSQL run of `make test` (scripts/test-postgres.sh; skipped on SQLite, and
that run itself fails under CI=true when no PostgreSQL answers). The test makes a fresh
database of its own on the same server, migrates and demo-seeds it, serves it with gunicorn
on a free loopback port, and runs the soak of tests/soak/workload.py against it.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
import requests
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from registry.extensions import db
from tests.alerts.conftest import is_postgres
from tests.conftest import DEMO_PASSWORD, TEST_SECRET, make_app
from tests.soak.workload import prepare_officers, run_team, summary

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.no_db, pytest.mark.concurrency, pytest.mark.postgres,
              pytest.mark.skipif(not is_postgres(), reason="needs PostgreSQL")]


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _admin(url, statement):
    admin = make_url(url).set(drivername="postgresql", database="postgres")
    dsn = admin.render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True, connect_timeout=10) as connection:
        connection.execute(statement)


@pytest.fixture(scope="module")
def soak_database():
    """A fresh, migrated, demo-seeded database; dropped afterwards."""
    from registry.seeding import seed

    base = os.environ["REGISTRY_TEST_DATABASE_URL"]
    name = f"registry_soak_{os.getpid()}"
    _admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(base, f'CREATE DATABASE "{name}"')
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        application = make_app(url)
        with application.app_context():
            upgrade(directory=application.extensions["migrate"].directory)
            seed(demo=True)
            db.session.commit()
            db.session.remove()
        officers = prepare_officers(application)
        with application.app_context():
            db.engine.dispose()
        yield url, officers
    finally:
        _admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def gunicorn(soak_database, tmp_path_factory):
    """gunicorn --workers 4 on 127.0.0.1 (a free port) against the soak database."""
    url, officers = soak_database
    port = _free_port()
    env = {**os.environ, "REGISTRY_DATABASE_URL": url, "REGISTRY_ENV_NAME": "development",
           "REGISTRY_SECRET_KEY": TEST_SECRET, "REGISTRY_DEMO_PASSWORD": DEMO_PASSWORD,
           "REGISTRY_PASSWORD_HASH_TIME_COST": "1", "REGISTRY_PASSWORD_HASH_MEMORY_KIB": "8",
           "REGISTRY_RATELIMIT_ENABLED": "false", "REGISTRY_DIGEST_ENABLED": "false",
           "REGISTRY_UPLOAD_DIR": str(tmp_path_factory.mktemp("uploads"))}
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "4", "--bind", f"127.0.0.1:{port}",
             "--timeout", "60", "wsgi:app"], cwd=ROOT, env=env, stdout=output,
            stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(base, process, log)
        yield base, officers
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


def _wait_until_serving(base, process, log, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited ({process.returncode}):\n{log.read_text()[-2000:]}")
        try:
            if requests.get(f"{base}/login", timeout=15).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.5)
    pytest.fail(f"gunicorn did not answer within {seconds} s:\n{log.read_text()[-2000:]}")


def test_eight_clients_through_four_gunicorn_workers_never_see_a_server_error(gunicorn):
    base, officers = gunicorn
    outcome = run_team(base, officers, clients=8, steps=50, seconds=240)
    print(summary(outcome))
    assert outcome.unfinished == 0 and outcome.steps == 8 * 50, summary(outcome)
    assert outcome.server_errors == 0, outcome.errors[:5]
    assert outcome.errors == [], outcome.errors[:5]
