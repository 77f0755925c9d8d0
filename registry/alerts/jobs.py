"""Job bodies: plain functions the scheduler and the CLI both call, each recorded as a JobRun.

A job runs in the caller's app context and commits once (the digest commits once per
message, so a message that went out is never sent again). A failure is rolled back and
recorded as a failed run in its own commit, then the error is logged; it never escapes
into the scheduler thread.
"""

import logging
import os
import socket

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


def describe_counts(counts):
    """Return counts as Swedish text, e.g. 'nya 4, lösta 1'."""
    return ", ".join(f"{RunCount.label_of(name)} {number}"
                     for name, number in (counts or {}).items())


def runner_name():
    """Return host:pid, so the job log shows which process ran a job."""
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def record_run(job, on, body, record_idle=True):
    """Run `body()` (returning counts) and record the run in one commit; return the JobRun.

    With record_idle False a run whose counts are all zero leaves no record (None). A
    failure is rolled back, then recorded as a failed run in a commit of its own.
    """
    started = utcnow()
    try:
        with unit_of_work():
            counts = body()
            if not record_idle and not any(counts.values()):
                return None
            return _add_run(job, on, started, JobStatus.SUCCEEDED, counts)
    except Exception as error:  # noqa: BLE001 - any failure is recorded, then logged
        log.exception("job %s for %s failed", job, on)
        with unit_of_work():
            return _add_run(job, on, started, JobStatus.FAILED, getattr(error, "counts", {}),
                            f"{type(error).__name__}: {error}"[:500])


def _add_run(job, on, started, status, counts, error=None):
    run = JobRun(job=job, as_of=on, started_at=started, finished_at=utcnow(),
                 status=status.value, counts=counts, error=error, runner=runner_name())
    db.session.add(run)
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
