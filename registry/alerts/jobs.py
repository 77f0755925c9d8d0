"""Job bodies: plain functions the scheduler and the CLI both call, each recorded as a JobRun.

A run is recorded as running in a commit of its own before the job works, so a process
killed mid-run leaves a trace. The job then runs in the caller's app context and commits
once (the digest commits per message, alerts/digest.py), together with the run's end. A
failure is rolled back and recorded as a failed run in its own commit, then the error is
logged; only a database that cannot take the record escapes into the scheduler thread.
A running run whose process is gone
(`run_state`) shows as interrupted, and the next run of the same job stores it so.
"""

import logging
import os
import socket
from datetime import timedelta

from sqlalchemy import select

from registry.alerts import digest
from registry.alerts.models import JobRun, JobStatus
from registry.alerts.runner import run_rules
from registry.core.dates import today, utcnow
from registry.core.enums import LabelledEnum
from registry.core.settings import current_settings
from registry.core.transactions import unit_of_work
from registry.extensions import db

log = logging.getLogger(__name__)


class Job(LabelledEnum):
    """The recorded jobs (JobRun.job)."""

    ALERTS = "alerts", "Bevakningsregler"
    DIGEST = "digest", "E-postsammanfattning"


class RunCount(LabelledEnum):
    """What a job run counts (JobRun.counts keys)."""

    CREATED = "created", "nya"
    REOPENED = "reopened", "öppnade igen"
    ESCALATED = "escalated", "skärpta"
    RESOLVED = "resolved", "lösta"
    WOKEN = "woken", "åter efter paus"
    SENT = "sent", "skickade"
    SKIPPED = "skipped", "redan tagna"
    FAILED = "failed", "ej skickade"


ALERTS_JOB = Job.ALERTS.value
DIGEST_JOB = Job.DIGEST.value
# A run still "running" after this long is taken as interrupted even when its process
# cannot be checked (it ran on another host): the longest runs take minutes.
INTERRUPTED_AFTER = timedelta(hours=6)
_working_on = set()  # ids of the runs this process is running now (any thread)


def describe_counts(counts):
    """Return counts as Swedish text, e.g. 'nya 4, lösta 1'."""
    return ", ".join(f"{RunCount.label_of(name)} {number}"
                     for name, number in (counts or {}).items())


def runner_name():
    """Return host:pid, so the job log shows which process ran a job."""
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def run_state(run):
    """Return the run's JobStatus: INTERRUPTED for a running run that nothing works on."""
    status = JobStatus(run.status)
    if status != JobStatus.RUNNING:
        return status
    if _abandoned(run) or utcnow() - run.started_at > INTERRUPTED_AFTER:
        return JobStatus.INTERRUPTED
    return status


def _abandoned(run):
    """Return True when the run's process is this one and no longer runs it, or has ended.

    A run of another host can only be judged by its age.
    """
    if run.runner == runner_name():
        return run.id not in _working_on  # e.g. its end could not be recorded
    pid = run.runner.rpartition(":")[2]
    if not pid.isdigit() or f"{socket.gethostname()}:{pid}"[:120] != run.runner:
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists, under another user
        return False
    return False


def close_interrupted(job):
    """Store every running run of `job` whose process is gone as interrupted."""
    running = db.session.scalars(select(JobRun).where(
        JobRun.job == job, JobRun.status == JobStatus.RUNNING.value)).all()
    for run in running:
        if run_state(run) == JobStatus.INTERRUPTED:
            run.status = JobStatus.INTERRUPTED.value


def record_run(job, on, body, record_idle=True):
    """Record a run as started, run `body()` (returning counts), record its end; return it.

    The start is committed before the body works; the body's writes and the end are
    committed together. With record_idle False a run whose counts are all zero leaves no
    record (None). A failure is rolled back, then recorded in a commit of its own.
    """
    with unit_of_work():
        close_interrupted(job)
        run = JobRun(job=job, as_of=on, started_at=utcnow(), status=JobStatus.RUNNING.value,
                     counts={}, runner=runner_name())
        db.session.add(run)
        db.session.flush()
        run_id = run.id
    _working_on.add(run_id)
    try:
        with unit_of_work():
            counts = body()
            run = db.session.get(JobRun, run_id)
            if not record_idle and not any(counts.values()):
                db.session.delete(run)
                return None
            return _end(run, JobStatus.SUCCEEDED, counts)
    except Exception as error:  # noqa: BLE001 - any failure is recorded, then logged
        log.exception("job %s for %s failed", job, on)
        with unit_of_work():
            return _end(db.session.get(JobRun, run_id), JobStatus.FAILED,
                        getattr(error, "counts", {}), f"{type(error).__name__}: {error}"[:500])
    finally:
        _working_on.discard(run_id)


def _end(run, status, counts, error=None):
    run.status, run.finished_at = status.value, utcnow()
    run.counts, run.error = counts, error
    db.session.flush()
    return run


def run_alerts(on=None):
    """Apply every alert rule for day `on` (default today) and record the run."""
    on = on or today()
    return record_run(ALERTS_JOB, on, lambda: run_rules(on, current_settings()))


def send_digests(on=None):
    """Send today's unsent digests; a run with nothing to do is not recorded."""
    on = on or today()
    settings = current_settings().mail
    if not settings.digest_enabled:
        return None
    return record_run(DIGEST_JOB, on, lambda: digest.send_due(on, settings), record_idle=False)
