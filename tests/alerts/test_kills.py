"""Processes killed mid-job (SIGKILL), as an operator's machine does it (SQLite; PostgreSQL too
on the PostgreSQL run).

- The digest killed after the SMTP server took a message but before it was recorded as sent:
  the next run the same day sends every other reader theirs and that reader nothing more
  (checklist R3). It runs with the production settings, trusted hosts included.
- An alert run killed mid-run leaves a started run that shows as interrupted, in
  `job_runs` and on the administrator's page (checklist R4).

Each test migrates a database of its own and runs `flask --app wsgi registry …` in a
subprocess against it; no test hook exists in the application.
"""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import OperationalError

from registry.alerts import jobs
from registry.alerts.models import DigestDelivery, JobRun, JobStatus
from registry.auth.models import User
from registry.core.transactions import unit_of_work
from registry.extensions import db
from registry.synthetic import Scale, generate
from tests import factories
from tests.alerts.smtp import HoldingMailbox, SmtpServer
from tests.conftest import TEST_SECRET, login, make_app
from tests.synthetic.conftest import empty_database

pytestmark = pytest.mark.no_db

ROOT = Path(__file__).resolve().parents[2]
ON = date(2026, 11, 22)
BASE_URL = "https://registret.example.se"
WAIT = 90  # seconds: a subprocess starts the app on a loaded two-core machine


@pytest.fixture
def world(tmp_path):
    """(app, url) on a new migrated database: a SQLite file, or on the PostgreSQL run
    (REGISTRY_TEST_DATABASE_URL) a database of its own, dropped afterwards."""
    with empty_database(tmp_path) as url:
        application = make_app(url)
        with application.app_context():
            upgrade(directory=application.extensions["migrate"].directory)
        yield application, url
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def held_smtp():
    """A real SMTP server that holds back its answer to the first message."""
    server = SmtpServer(HoldingMailbox())
    server.start()
    yield server
    server.mailbox.release.set()
    server.stop()


def registry_command(url, *args, **settings):
    """Start `flask --app wsgi registry ARGS` on the database `url` with REGISTRY_* settings."""
    environ = {key: value for key, value in os.environ.items()
               if not key.startswith("REGISTRY_")}
    environ.update({"REGISTRY_DATABASE_URL": url, "REGISTRY_SECRET_KEY": TEST_SECRET,
                    **{f"REGISTRY_{key}": str(value) for key, value in settings.items()}})
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "registry", *args],
                            cwd=ROOT, env=environ, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def finish(process):
    output = process.communicate(timeout=WAIT)[0]
    return process.returncode, output


def kill(process):
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=WAIT)
    process.stdout.close()


def production(smtp_port):
    """The README's production settings (SQLite aside), with the local SMTP server."""
    return {"ENV_NAME": "production", "TRUSTED_HOSTS": "registret.example.se",
            "BASE_URL": BASE_URL, "PROXY_HOPS": 1, "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": smtp_port, "MAIL_FROM": "bevakning@registret.example.se"}


def two_readers():
    """Two case officers with open alerts; return their addresses."""
    town = factories.municipality()
    readers = [factories.user("case_officer", town) for _ in range(2)]
    for subject_id in (1, 2):
        factories.alert(rule="plan_missing", subject_type="placement", subject_id=subject_id,
                        municipality_id=town.id, audience="case_officer",
                        due_date=date(2026, 11, 1))
    db.session.commit()
    return [reader.email for reader in readers]


@pytest.mark.checklist("R3")
def test_a_digest_killed_after_the_server_took_a_message_sends_it_once(world, held_smtp):
    app, url = world
    with app.app_context():
        readers = two_readers()
    settings = production(held_smtp.port)

    killed = registry_command(url, "send-digest", "--as-of", f"{ON}", **settings)
    if not held_smtp.mailbox.holding.wait(WAIT):
        pytest.fail(f"no message reached the server: {finish(killed)}")
    kill(killed)  # the server has the message; the sender never heard "250"
    held_smtp.mailbox.release.set()

    code, output = finish(registry_command(url, "send-digest", "--as-of", f"{ON}", **settings))
    assert code == 0, output
    assert "skickade 1" in output

    assert Counter(message["To"] for message in held_smtp.messages) == dict.fromkeys(readers, 1)
    for message in held_smtp.messages:
        assert f"{BASE_URL}/alerts/" in message.get_content()
        assert message["Auto-Submitted"] == "auto-generated"
    with app.app_context():
        assert jobs.send_digests(ON) is None  # a third run finds nothing left to send
        states = db.session.execute(select(User.email, DigestDelivery.status).join(
            DigestDelivery, DigestDelivery.user_id == User.id)).all()
        first = held_smtp.messages[0]["To"]
        assert sorted(states) == sorted([(first, "sending"),
                                         *[(r, "sent") for r in readers if r != first]])
        runs = db.session.scalars(select(JobRun.status).order_by(JobRun.id)).all()
        assert runs == ["interrupted", "succeeded"]


def _runs(engine):
    """Return [(status, finished_at)] of job_runs, read on a connection of the test's own."""
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT status, finished_at FROM job_runs")).all()
    except OperationalError:  # SQLite: locked for a moment by the run's commit
        return None


def _wait_until_running(process, url):
    """Poll until the run is recorded as started; fail if the process ends first."""
    engine = create_engine(url, connect_args={"timeout": 0.2} if url.startswith("sqlite")
                           else {})
    try:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if (runs := _runs(engine)) and runs[-1][0] == "running":
                return
            if process.poll() is not None:
                pytest.fail(f"the run ended and was never seen as started: {runs} "
                            f"{finish(process)}")
            time.sleep(0.01)
        pytest.fail("the run did not start in time")
    finally:
        engine.dispose()


@pytest.mark.checklist("R4")
def test_a_killed_alert_run_shows_as_interrupted(world):
    app, url = world
    with app.app_context():  # enough placements for the rules to take a few seconds
        generate(Scale(placements=1500, municipalities=9, providers=30, audit_events=0, seed=3,
                       as_of=date(2026, 11, 1)))
        admin = factories.user("admin")
        db.session.commit()
        admin_email = admin.email

    running = registry_command(url, "run-alerts", "--as-of", "2026-11-01", ENV_NAME="test")
    _wait_until_running(running, url)
    kill(running)

    with app.app_context():
        run = db.session.scalar(select(JobRun))
        assert (run.job, run.status, run.finished_at) == ("alerts", "running", None)
        assert jobs.run_state(run) == JobStatus.INTERRUPTED
    client = app.test_client()
    login(client, admin_email, factories.PASSWORD)
    page = client.get("/alerts/jobs").get_data(as_text=True)
    assert "Avbruten" in page and "avbröts" in page
    assert "Pågår" not in page

    with app.app_context(), unit_of_work():  # what the next run of the job does first
        jobs.close_interrupted(jobs.ALERTS_JOB)
    with app.app_context():
        assert db.session.scalar(select(JobRun.status)) == "interrupted"
