"""The scheduler against a database that goes away or restarts, and a scheduler killed
mid-run (PG).

An alert run is held in the middle, deterministically: the test holds a SHARE lock on
job_runs, so a run that the scheduler has started waits to record its start (alerts/jobs.py
records a run as running before it works). Whatever then happens to the run, the alerts
after a restart are exactly those of an uninterrupted run on a fresh copy of the same data:
none lost, none doubled. (A run killed after its start is recorded: tests/alerts/test_kills.py.)
"""

import logging
import signal
import time
from datetime import datetime

import psycopg
import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from registry.alerts import scheduler as scheduling
from registry.alerts.leader import ADVISORY_KEY
from registry.alerts.models import Alert, JobRun
from registry.alerts.runner import run_rules
from registry.core.settings import settings_of
from registry.extensions import db
from tests.conftest import make_app
from tests.faults.conftest import Process, demo_database, postgres_only, wait_for

pytestmark = postgres_only

KEY = (Alert.rule, Alert.subject_type, Alert.subject_id, Alert.due_date)


def _alert_counts(app):
    """{alert key: number of alerts with that key}."""
    with app.app_context():
        rows = db.session.execute(select(*KEY, func.count(Alert.id)).group_by(*KEY))
        return {tuple(row[:4]): row[4] for row in rows}


def _runs(app):
    """[(status, as_of, pid)] of the alert runs that have ended, oldest first."""
    with app.app_context():
        runs = db.session.scalars(select(JobRun).where(
            JobRun.job == "alerts", JobRun.status != "running").order_by(JobRun.id)).all()
        return [(run.status, run.as_of, run.runner.rsplit(":", 1)[1]) for run in runs]


def _uninterrupted(cluster, on):
    """The alert counts one undisturbed run for day `on` gives on a fresh copy of the data."""
    with demo_database(cluster) as url:
        app = make_app(url)
        with app.app_context():
            run_rules(on, settings_of(app))
            db.session.commit()
        counts = _alert_counts(app)
        with app.app_context():
            db.engine.dispose()
    assert counts, "the demo data gives alerts"
    return counts


class RunHeld:
    """Hold every alert run at the record of its start until released."""

    def __init__(self, url):
        parts = make_url(url)
        self.dsn = f"host={parts.host} port={parts.port} user={parts.username} " \
                   f"dbname={parts.database}"
        self.connection = psycopg.connect(self.dsn, connect_timeout=10)
        self.connection.execute("LOCK TABLE job_runs IN SHARE MODE")

    def waiting(self):
        """Return True once a run waits on the lock to record its start."""
        with psycopg.connect(self.dsn, autocommit=True) as probe:
            return probe.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO job_runs%'"
            ).fetchone()[0] > 0

    def release(self):
        if self.connection.closed:
            return
        try:
            self.connection.rollback()
        except psycopg.OperationalError:
            pass  # the database went away with the lock
        finally:
            self.connection.close()


@pytest.mark.checklist("S11")
def test_a_run_during_an_outage_is_reported_and_the_next_one_succeeds(
        cluster, fault_app, monkeypatch, caplog):
    monkeypatch.setitem(scheduling._running, "app", fault_app)
    scheduler = scheduling.build_scheduler(fault_app, blocking=False)
    scheduler.remove_job(scheduling.DIGEST_JOB_ID)
    seen = []
    scheduler.add_listener(seen.append, EVENT_JOB_ERROR | EVENT_JOB_EXECUTED)
    scheduler.start()
    try:
        cluster.stop("fast")
        try:
            with caplog.at_level(logging.ERROR):
                _run_now(scheduler)
                assert wait_for(lambda: seen, 120), "the run during the outage ended"
            assert seen[0].code == EVENT_JOB_ERROR
            assert f"job {scheduling.ALERTS_JOB_ID} raised OperationalError" in caplog.text
            assert scheduler.running and scheduler._thread.is_alive()
        finally:
            cluster.start()
        _run_now(scheduler)
        assert wait_for(lambda: len(seen) == 2, 120), "the run after the outage ended"
        assert seen[1].code == EVENT_JOB_EXECUTED
    finally:
        scheduler.shutdown(wait=True)
    runs = _runs(fault_app)
    assert [status for status, _, _ in runs] == ["succeeded"]  # the failed run left no row
    assert _alert_counts(fault_app) == _uninterrupted(cluster, runs[0][1])
    with fault_app.app_context():
        assert db.engine.pool._pre_ping is True


def _run_now(scheduler):
    scheduler.modify_job(scheduling.ALERTS_JOB_ID,
                         next_run_time=datetime.now(scheduling.TIMEZONE))


@pytest.mark.checklist("S11")
def test_a_leader_that_loses_the_database_mid_run_stops_its_jobs_and_leads_again(
        cluster, fault_app):
    """The advisory lock dies with the database: the leader stops its jobs (no 'proceed
    anyway') rather than carrying on without it, and leads again once the database is back;
    the interrupted run left nothing, the catch-up run after the restart runs once."""
    url = fault_app.config["SQLALCHEMY_DATABASE_URI"]
    held = RunHeld(url)
    first = Process(url, "scheduler")
    try:
        assert wait_for(held.waiting), first.output()
        cluster.stop("fast")
        assert wait_for(lambda: first.said("scheduler lock lost: jobs stopped"), 60), \
            first.output()
        assert first.popen.poll() is None, first.output()
    finally:
        held.release()
        cluster.ensure_running()
    try:
        assert wait_for(lambda: _runs(fault_app), 120), first.output()
        assert first.said("scheduler leader again after"), first.output()
        assert first.popen.poll() is None, first.output()
    finally:
        first.end()
    [(status, on, pid)] = _runs(fault_app)  # the interrupted run left no row, no alert
    assert (status, pid) == ("succeeded", str(first.pid))
    assert _alert_counts(fault_app) == _uninterrupted(cluster, on)


@pytest.mark.checklist("S2", "S3")
def test_a_scheduler_killed_mid_run_loses_and_doubles_no_alert(cluster, fault_app):
    """SIGKILL the leader while its run waits on job_runs; the waiting follower takes over
    and its catch-up run gives exactly the alerts of an uninterrupted run."""
    url = fault_app.config["SQLALCHEMY_DATABASE_URI"]
    held = RunHeld(url)
    leader = Process(url, "scheduler")
    follower = None
    try:
        assert wait_for(held.waiting), leader.output()
        follower = Process(url, "scheduler")
        assert wait_for(lambda: follower.said("scheduler waiting")), follower.output()
        leader.popen.send_signal(signal.SIGKILL)
        assert leader.popen.wait(timeout=30) == -signal.SIGKILL
        held.release()  # the killed run's backend goes on, finds its client gone, rolls back
        assert wait_for(lambda: follower.said("scheduler leader"), 60), follower.output()
        assert wait_for(lambda: _runs(fault_app), 120), follower.output()
        assert follower.popen.poll() is None
    finally:
        held.release()
        for process in (leader, follower):
            if process is not None:
                process.end()
    [(status, on, pid)] = _runs(fault_app)
    assert (status, pid) == ("succeeded", str(follower.pid))
    counts = _alert_counts(fault_app)
    assert set(counts.values()) == {1}
    assert counts == _uninterrupted(cluster, on)


def _lock_holders(cluster, url):
    """The backends that hold the scheduler's advisory lock in the database of `url`."""
    dsn = f"host=127.0.0.1 port={cluster.port} user=postgres dbname={make_url(url).database}"
    with psycopg.connect(dsn, autocommit=True, connect_timeout=10) as connection:
        return connection.execute(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND classid::bigint = %s AND objid::bigint = %s AND database = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())",
            (ADVISORY_KEY >> 32, ADVISORY_KEY & 0xFFFFFFFF)).fetchall()


@pytest.mark.checklist("R2")
def test_a_leader_and_a_follower_survive_a_database_restart_and_one_leads_again(
        cluster, fault_app):
    """PostgreSQL stopped for 20 s under a leader and a waiting follower (the real retry
    interval, 15 s): neither process exits, one holds the lock again within a minute of the
    restart, and its catch-up run doubles no alert."""
    url = fault_app.config["SQLALCHEMY_DATABASE_URI"]
    slow_retry = {"REGISTRY_SCHEDULER_LOCK_RETRY_SECONDS": "15"}
    leader = Process(url, "scheduler", **slow_retry)
    follower = None
    try:
        assert wait_for(lambda: _runs(fault_app), 120), leader.output()
        follower = Process(url, "scheduler", **slow_retry)
        assert wait_for(lambda: follower.said("scheduler waiting"), 60), follower.output()
        assert len(_lock_holders(cluster, url)) == 1
        cluster.stop("fast")
        try:
            stopped = time.monotonic()
            while time.monotonic() - stopped < 20:
                for process in (leader, follower):
                    assert process.popen.poll() is None, process.output()
                time.sleep(0.5)
        finally:
            cluster.ensure_running()
        assert wait_for(lambda: len(_lock_holders(cluster, url)) == 1, 60), \
            leader.output() + follower.output()
        assert wait_for(lambda: len(_runs(fault_app)) == 2, 60), \
            leader.output() + follower.output()
        time.sleep(3)  # a second leader or a second catch-up run would show by now
        assert len(_lock_holders(cluster, url)) == 1
        for process in (leader, follower):
            assert process.popen.poll() is None, process.output()
        assert leader.said("scheduler lock lost: jobs stopped"), leader.output()
        for process in (leader, follower):  # the outage is in both logs
            assert process.said("scheduler database unreachable"), process.output()
        assert leader.said("scheduler database reachable again") or follower.said(
            "scheduler database reachable again"), leader.output() + follower.output()
    finally:
        for process in (leader, follower):
            if process is not None:
                process.end()
    runs = _runs(fault_app)
    assert [status for status, _, _ in runs] == ["succeeded", "succeeded"]
    counts = _alert_counts(fault_app)
    assert set(counts.values()) == {1}
    assert counts == _uninterrupted(cluster, runs[0][1])
