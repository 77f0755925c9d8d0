"""The scheduler: the only place one starts (`flask --app wsgi registry scheduler`).

Web workers never start a scheduler; create_app does not import this module. The process
first waits to become the leader (leader.py), then runs a scheduler in Europe/Stockholm
time with jobs of stable ids. The alert rules run at start (catching up after downtime) and
every morning; the digest goes out in the morning and unsent digests are retried through the
day. A lost lock (its connection died with the database) stops the jobs, and waits for a
running one to end, before the process competes for the lock again: there is no "proceed
anyway", and a database outage never ends the process. Each job checks the lock before it
starts, so a leader that has not yet noticed the loss runs nothing.
"""

import logging
import signal
import threading
import time
from contextlib import suppress
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from registry.alerts import jobs
from registry.alerts.leader import leader_lock, wait_for_leadership
from registry.core.settings import settings_of
from registry.extensions import db

log = logging.getLogger(__name__)

TIMEZONE = ZoneInfo("Europe/Stockholm")
ALERTS_JOB_ID = "alerts.run_rules"
DIGEST_JOB_ID = "alerts.send_digests"

# The running process's app, lock and "lock lost" event; jobs reach them here (job
# arguments stay empty, so nothing is ever pickled or logged with them). A scheduler built
# outside run_scheduler (tests, S9/S11) has no lock: its jobs simply run.
_running = {}


def alerts_job():
    """Scheduled: apply the alert rules for today."""
    if _leading(ALERTS_JOB_ID):
        with _running["app"].app_context():
            jobs.run_alerts()


def digest_job():
    """Scheduled: send today's unsent digests."""
    if _leading(DIGEST_JOB_ID):
        with _running["app"].app_context():
            jobs.send_digests()


def _leading(job_id):
    """Return True if the lock is still ours; otherwise skip the job and wake the leader."""
    lock = _running.get("lock")
    if lock is None or lock.still_held():
        return True
    log.error("scheduler lock lost: job %s not run", job_id)
    _running["lost"].set()
    return False


def _log_problem(event):
    if event.code == EVENT_JOB_MISSED:
        log.warning("job %s missed its run time %s", event.job_id, event.scheduled_run_time)
    else:
        log.error("job %s raised %r", event.job_id, event.exception)


def build_scheduler(app, blocking=True, catch_up=False):
    """Return a configured (not started) scheduler; `catch_up` runs the rules at start."""
    settings = settings_of(app).scheduler
    kind = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = kind(timezone=TIMEZONE, job_defaults={
        "coalesce": True, "max_instances": 1,
        "misfire_grace_time": settings.misfire_grace_seconds})
    scheduler.add_job(alerts_job, CronTrigger(
        hour=settings.alerts_hour, minute=settings.alerts_minute,
        timezone=TIMEZONE), id=ALERTS_JOB_ID, name="Bevakningsregler", replace_existing=True,
        **({"next_run_time": datetime.now(TIMEZONE)} if catch_up else {}))
    scheduler.add_job(digest_job, CronTrigger(
        hour=f"{settings.digest_hour}-{settings.digest_last_hour}",
        minute=f"*/{settings.digest_retry_minutes}", timezone=TIMEZONE),
        id=DIGEST_JOB_ID, name="E-postsammanfattning", replace_existing=True)
    scheduler.add_listener(_log_problem, EVENT_JOB_ERROR | EVENT_JOB_MISSED)
    return scheduler


def run_scheduler(app, say=log.info):
    """Run the jobs whenever this process leads, until it is stopped (Ctrl-C).

    A lost lock stops the jobs; the process then competes for the lock again (a database
    out of reach is retried with a backoff, leader.py). It never returns because of an outage.
    """
    settings = settings_of(app).scheduler
    lock = leader_lock(db.engine, settings)
    lost_at = None
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop)  # systemctl stop: end the jobs, free the lock
    with suppress(KeyboardInterrupt, SystemExit):  # Ctrl-C or a stop signal ends it
        while True:
            wait_for_leadership(lock, settings.lock_retry_seconds, say)
            if lost_at is not None:
                log.warning("scheduler leader again after %.0f s without the lock",
                            time.monotonic() - lost_at)
            _lead(app, lock, settings.lock_check_seconds)
            lost_at = time.monotonic()
            log.error("scheduler lock lost: jobs stopped, competing for the lock again")


def _stop(signum, frame):
    raise SystemExit(0)


def _lead(app, lock, check_seconds):
    """Run the jobs while `lock` is ours (checked every `check_seconds`); return when lost."""
    lost = threading.Event()
    scheduler = build_scheduler(app, blocking=False, catch_up=True)
    _running.update(app=app, lock=lock, lost=lost)
    scheduler.start()
    try:
        while not lost.wait(check_seconds):
            if not lock.still_held():
                lost.set()
    finally:
        scheduler.shutdown(wait=True)  # a running job ends before another leader may start
        _running.pop("lock", None)
        lock.release()
