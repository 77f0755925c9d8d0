"""Leadership without a database: a waiting scheduler rides out an outage with a backoff,
and a leader that loses its lock stops its jobs and competes again instead of exiting.
(The same against a real PostgreSQL restart: tests/faults/test_scheduler_faults.py.)"""

import logging
import threading

import pytest
from sqlalchemy.exc import OperationalError

from registry.alerts import jobs
from registry.alerts import scheduler as scheduling
from registry.alerts.leader import FileLeaderLock, backoff_delays, wait_for_leadership

pytestmark = pytest.mark.no_db


def _down():
    return OperationalError("SELECT pg_try_advisory_lock(...)", {}, ConnectionError("down"))


class ScriptedLock:
    """A lock whose try_acquire answers from a script: True, False or an exception."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.held = False
        self.released = 0

    def try_acquire(self):
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        self.held = answer
        return answer

    def still_held(self):
        return self.held

    def release(self):
        self.held = False
        self.released += 1


def test_the_backoff_doubles_from_one_second_up_to_the_retry_interval():
    delays = backoff_delays(15)
    assert [next(delays) for _ in range(7)] == [1, 2, 4, 8, 15, 15, 15]
    assert next(backoff_delays(0.5)) == 0.5


def test_a_waiting_scheduler_retries_an_unreachable_database_instead_of_crashing(caplog):
    lock = ScriptedLock(False, *[_down() for _ in range(6)], False, True)
    slept, said = [], []
    with caplog.at_level(logging.WARNING, logger="registry.alerts.leader"):
        wait_for_leadership(lock, 5, say=said.append, sleep=slept.append)
    assert slept == [5, 1, 2, 4, 5, 5, 5, 5]  # held, six outage retries, held again
    assert said == ["scheduler waiting: another scheduler holds the lock",
                    "scheduler leader: lock taken, the jobs run in this process"]
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2, messages  # once when it goes, once when it comes back
    assert messages[0].startswith("scheduler database unreachable: OperationalError "
                                  "(ConnectionError)")
    assert messages[1].startswith("scheduler database reachable again after")


def test_a_job_is_skipped_and_the_leader_woken_when_the_lock_is_gone(monkeypatch):
    ran, lost = [], threading.Event()
    monkeypatch.setattr(jobs, "run_alerts", lambda: ran.append(1))
    monkeypatch.setitem(scheduling._running, "lock", ScriptedLock())
    monkeypatch.setitem(scheduling._running, "lost", lost)
    scheduling.alerts_job()
    assert ran == [] and lost.is_set()


def test_a_leader_that_loses_its_lock_stops_its_jobs_and_leads_again(app, monkeypatch):
    """The lock is lost after the first run, the database is down at the first try to take
    it back: the process leads again, runs the catch-up once more, and never returns by
    itself (the test ends it the way Ctrl-C does)."""
    lock = ScriptedLock(True, _down(), True)
    runs, leader = [], {}

    def run_alerts():
        runs.append(lock.released)  # how many leaderships had ended when this run began
        if len(runs) == 1:
            lock.held = False  # the connection died

    def still_held():
        if threading.current_thread() is leader["thread"] and len(runs) >= 2:
            raise KeyboardInterrupt
        return lock.held

    monkeypatch.setattr(jobs, "run_alerts", run_alerts)
    monkeypatch.setattr(lock, "still_held", still_held)
    monkeypatch.setattr(scheduling, "leader_lock", lambda engine, settings: lock)
    monkeypatch.setitem(app.config["REGISTRY"], "SCHEDULER_LOCK_CHECK_SECONDS", 0.05)
    monkeypatch.setitem(app.config["REGISTRY"], "SCHEDULER_LOCK_RETRY_SECONDS", 0.05)
    said = []

    def run():
        with app.app_context():
            scheduling.run_scheduler(app, say=said.append)

    thread = leader["thread"] = threading.Thread(target=run, name="test-leader")
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the scheduler did not stop"
    assert runs == [0, 1]  # the second run began only after the first leadership ended
    assert said.count("scheduler leader: lock taken, the jobs run in this process") == 2
    assert lock.released == 2 and lock.answers == []
    assert "lock" not in scheduling._running


def test_the_file_lock_of_embedded_mode_is_held_until_released(tmp_path):
    lock = FileLeaderLock(tmp_path / "scheduler.lock")
    assert lock.try_acquire() and lock.still_held()
    lock.release()
    assert not lock.still_held()
