"""S9: every scheduled job runs outside a request, in a thread of its own, and cleans up."""

import threading

import pytest
from flask_migrate import upgrade

from registry.alerts import scheduler as scheduling
from registry.alerts.jobs import ALERTS_JOB
from registry.extensions import db
from tests.conftest import make_app


@pytest.fixture
def job_app(tmp_path):
    """An app on its own SQLite file: the jobs commit, and the shared test database stays as
    it is. Nothing here depends on the database engine; the row is about contexts and pools."""
    app = make_app(f"sqlite:///{tmp_path / 'jobs.sqlite3'}", DIGEST_ENABLED=True,
                   SMTP_HOST="127.0.0.1", SMTP_PORT=9)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


def _run(job, errors):
    """Thread body: call the job as APScheduler would, keep what it raises."""
    try:
        job.func(*job.args, **job.kwargs)
    except Exception as error:  # noqa: BLE001 - the test reports any failure
        errors.append(error)


@pytest.mark.no_db
@pytest.mark.checklist("S9")
def test_every_job_runs_in_a_bare_thread_and_returns_its_connections(job_app, monkeypatch):
    monkeypatch.setitem(scheduling._running, "app", job_app)
    jobs = scheduling.build_scheduler(job_app, blocking=False).get_jobs()
    assert {job.id for job in jobs} == {scheduling.ALERTS_JOB_ID, scheduling.DIGEST_JOB_ID}
    for job in jobs:
        errors = []
        thread = threading.Thread(target=_run, args=(job, errors), name=f"test-{job.id}")
        thread.start()
        thread.join(timeout=120)
        assert not thread.is_alive(), f"{job.id} did not finish"
        assert not errors, f"{job.id} raised {errors[0]!r}"
    with job_app.app_context():
        assert db.engine.pool.checkedout() == 0
        runs = db.session.execute(db.text("SELECT job, status FROM job_runs")).all()
    assert (ALERTS_JOB, "succeeded") in [tuple(run) for run in runs]  # it ran, it committed
