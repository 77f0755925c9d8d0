"""Job health: every run recorded (start, end, counts, error), a failed run rolled back and
shown to the administrator, and the CLI running the same job body."""

import os
import socket
import subprocess
import sys
from datetime import date, timedelta

from sqlalchemy import func, select

from registry.alerts import jobs
from registry.alerts.models import Alert, DigestDelivery, JobRun
from registry.core.dates import utcnow
from registry.extensions import db
from tests import factories
from tests.alerts import factories as alert_factories

TODAY = date(2026, 11, 22)


def _boom(on, settings):
    factories.alert()  # written, then rolled back with the failed run
    raise RuntimeError("regel 7 kunde inte köras")


def test_a_run_is_recorded_with_its_counts(clock):
    clock(TODAY)
    run = jobs.run_alerts()
    assert (run.job, run.as_of, run.status) == ("alerts", TODAY, "succeeded")
    assert run.started_at <= run.finished_at
    assert set(run.counts) == {"created", "reopened", "escalated", "resolved", "woken"}
    assert ":" in run.runner


def test_a_failed_run_is_rolled_back_and_recorded(clock, monkeypatch):
    clock(TODAY)
    before = db.session.scalar(select(func.count(Alert.id)))
    monkeypatch.setattr(jobs, "run_rules", _boom)
    run = jobs.run_alerts()
    assert run.status == "failed"
    assert run.error == "RuntimeError: regel 7 kunde inte köras"
    assert db.session.scalar(select(func.count(Alert.id))) == before


def test_the_admin_sees_the_last_runs_and_a_failed_one(clock, monkeypatch, login_as):
    clock(TODAY)
    jobs.run_alerts()
    monkeypatch.setattr(jobs, "run_rules", _boom)
    jobs.run_alerts()
    client = login_as("admin")
    page = client.get("/alerts/jobs").get_data(as_text=True)
    assert "Misslyckades" in page and "regel 7 kunde inte köras" in page
    assert "Lyckades" in page
    inbox = client.get("/alerts/").get_data(as_text=True)
    assert "Schemalagda körningar" in inbox and "misslyckades" in inbox


def test_only_the_administrator_sees_the_job_log(login_as):
    client = login_as("case_officer", "solna")
    assert client.get("/alerts/jobs").status_code == 403
    assert "Schemalagda körningar" not in client.get("/alerts/").get_data(as_text=True)


def test_run_alerts_as_of_a_day_from_the_command_line(app):
    deviation = alert_factories.deviation(occurred_on=date(2026, 3, 2))
    result = app.test_cli_runner().invoke(args=["registry", "run-alerts", "--as-of",
                                                "2026-03-20"])
    assert result.exit_code == 0, result.output
    assert "Bevakningar för 2026-03-20: nya" in result.output
    alert = db.session.scalar(select(Alert).where(Alert.rule == "deviation_open",
                                                  Alert.subject_id == deviation.id))
    assert alert.due_date == date(2026, 3, 9)
    assert db.session.scalar(select(JobRun.as_of).order_by(JobRun.id.desc()).limit(1)) == \
        date(2026, 3, 20)


def test_run_alerts_refuses_a_bad_date(app):
    result = app.test_cli_runner().invoke(args=["registry", "run-alerts", "--as-of",
                                                "20 mars"])
    assert result.exit_code != 0
    assert "--as-of" in result.output


def test_a_failed_command_line_run_exits_non_zero(app, monkeypatch):
    monkeypatch.setattr(jobs, "run_rules", _boom)
    result = app.test_cli_runner().invoke(args=["registry", "run-alerts"])
    assert result.exit_code == 1
    assert "regel 7 kunde inte köras" in result.output


def _run(runner, started, status="running"):
    run = JobRun(job="alerts", as_of=TODAY, started_at=started, status=status, counts={},
                 runner=runner)
    db.session.add(run)
    db.session.flush()
    return run


def _gone_pid():
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_run_is_recorded_as_running_before_it_works(clock, monkeypatch):
    clock(TODAY)
    seen = []

    def look(on, settings):
        seen.append(db.session.scalar(select(JobRun.status).order_by(JobRun.id.desc())))
        return {}

    monkeypatch.setattr(jobs, "run_rules", look)
    run = jobs.run_alerts()
    assert seen == ["running"]
    assert (run.status, run.finished_at is not None) == ("succeeded", True)


def test_a_running_run_is_interrupted_when_its_process_is_gone_or_it_is_too_old(clock):
    clock(TODAY)
    now = utcnow()
    alive = _run(f"{socket.gethostname()}:{os.getppid()}", now)
    dead = _run(f"{socket.gethostname()}:{_gone_pid()}", now)
    dropped = _run(jobs.runner_name(), now)  # this process, which no longer works on it
    elsewhere = _run("another-host:4711", now - timedelta(minutes=5))
    stale = _run("another-host:4712", now - jobs.INTERRUPTED_AFTER - timedelta(minutes=1))
    runs = (alive, dead, dropped, elsewhere, stale)
    expected = ["running", "interrupted", "interrupted", "running", "interrupted"]
    assert [jobs.run_state(run) for run in runs] == expected
    jobs.close_interrupted("alerts")
    assert [run.status for run in runs] == expected


def test_the_admin_sees_running_and_interrupted_runs_in_swedish(clock, login_as):
    clock(TODAY)
    _run("another-host:4711", utcnow())
    _run(f"{socket.gethostname()}:{_gone_pid()}", utcnow())
    client = login_as("admin")
    page = client.get("/alerts/jobs").get_data(as_text=True)
    assert "Pågår" in page and "Avbruten" in page
    assert "Bevakningsregler</strong> avbröts" in page
    assert "running" not in page and "interrupted" not in page
    inbox = client.get("/alerts/").get_data(as_text=True)
    assert "avbruten" in inbox  # the latest run of the job


def test_the_admin_sees_digests_cut_off_mid_send(clock, login_as):
    clock(TODAY)
    for minutes_ago in (20, 1):  # the second may still be on its way
        factories._add(DigestDelivery(user_id=factories.user("finance").id, digest_date=TODAY,
                                      status="sending", attempts=1,
                                      claimed_at=utcnow() - timedelta(minutes=minutes_ago)))
    page = login_as("admin").get("/alerts/jobs").get_data(as_text=True)
    text = " ".join(page.split())
    assert "1 e-postsammanfattning för 2026-11-22 avbröts mitt i sändningen" in text
