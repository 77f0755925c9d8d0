"""The scheduler: the only place one starts (`flask --app wsgi registry scheduler`).

Web workers never start a scheduler; create_app does not import this module. The process
first waits to become the leader (leader.py), then runs a BlockingScheduler in
Europe/Stockholm time with jobs of stable ids. The alert rules run at start (catching up
after downtime) and every morning; the digest goes out in the morning and unsent digests
are retried through the day. A lost lock stops the scheduler: there is no "proceed anyway".
"""

import logging
from contextlib import suppress
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from registry.alerts import jobs
from registry.alerts.leader import leader_lock, wait_for_leadership
from registry.core.settings import settings_of
from registry.extensions import db

log = logging.getLogger(__name__)

TIMEZONE = ZoneInfo("Europe/Stockholm")
ALERTS_JOB_ID = "alerts.run_rules"
DIGEST_JOB_ID = "alerts.send_digests"
LEADERSHIP_JOB_ID = "alerts.check_leadership"

# The running process's app, lock and scheduler; jobs reach them here (job arguments
# stay empty, so nothing is ever pickled or logged with them).
_running = {}


def alerts_job():
    """Scheduled: apply the alert rules for today."""
    with _running["app"].app_context():
        jobs.run_alerts()


def digest_job():
    """Scheduled: send today's unsent digests."""
    with _running["app"].app_context():
        jobs.send_digests()


def check_leadership():
    """Scheduled: stop the scheduler when the leader lock is gone."""
    if not _running["lock"].still_held():
        log.error("scheduler lock lost: stopping, no jobs run without it")
        _running["lost"] = True
        _running["scheduler"].shutdown(wait=False)


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
    """Wait for leadership, then run the jobs until stopped; return False if the lock was lost."""
    settings = settings_of(app).scheduler
    lock = leader_lock(db.engine, settings)
    wait_for_leadership(lock, settings.lock_retry_seconds, say)
    scheduler = build_scheduler(app, blocking=True, catch_up=True)
    check_every = settings.lock_check_seconds
    scheduler.add_job(check_leadership, IntervalTrigger(seconds=check_every),
                      id=LEADERSHIP_JOB_ID, name="Kontroll av låset", replace_existing=True)
    _running.update(app=app, lock=lock, scheduler=scheduler, lost=False)
    try:
        with suppress(KeyboardInterrupt, SystemExit):  # Ctrl-C or a stop signal ends it
            scheduler.start()
    finally:
        lock.release()
    return not _running["lost"]
