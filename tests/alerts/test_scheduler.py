"""The scheduler's configuration: Stockholm time, stable job ids, safe defaults, DST-proof
triggers, and no scheduler anywhere but in its own process."""

import re
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.util import ref_to_obj

from registry.alerts import scheduler as scheduling
from registry.alerts.leader import FileLeaderLock
from registry.config import ConfigError, load_settings
from registry.core.dates import STOCKHOLM
from tests.conftest import make_app

REGISTRY = Path(__file__).resolve().parents[2] / "registry"
PERSONNUMMER = re.compile(r"\d{6,8}[-+]?\d{4}")


@pytest.fixture
def started(app):
    """A background scheduler started paused, so its jobs have their next run times."""
    scheduler = scheduling.build_scheduler(app, blocking=False, catch_up=True)
    scheduler.start(paused=True)
    yield scheduler
    scheduler.shutdown(wait=False)


@pytest.mark.checklist("S4")
def test_timezone_and_job_defaults(app):
    scheduler = scheduling.build_scheduler(app, blocking=False)
    assert scheduler.timezone.key == "Europe/Stockholm"
    assert scheduler._job_defaults == {"coalesce": True, "max_instances": 1,
                                       "misfire_grace_time": 3600}


@pytest.mark.checklist("S7", "S8")
def test_every_job_has_a_stable_id_safe_settings_and_no_arguments(started):
    jobs = {job.id: job for job in started.get_jobs()}
    assert set(jobs) == {scheduling.ALERTS_JOB_ID, scheduling.DIGEST_JOB_ID}
    for job in jobs.values():
        assert job.coalesce is True and job.max_instances == 1
        assert job.misfire_grace_time >= 3600
        assert ref_to_obj(job.func_ref) is job.func  # a refactor cannot lose the function
        assert job.args == () and job.kwargs == {}
        assert not PERSONNUMMER.search(repr(job.args) + repr(job.kwargs))


@pytest.mark.checklist("S6")
def test_building_twice_gives_the_same_jobs(app):
    first = scheduling.build_scheduler(app, blocking=False)
    second = scheduling.build_scheduler(app, blocking=False)
    assert [j.id for j in first.get_jobs()] == [j.id for j in second.get_jobs()]


@pytest.mark.checklist("S5")
def test_the_rules_run_at_start_to_catch_up_after_downtime(started):
    job = started.get_job(scheduling.ALERTS_JOB_ID)
    assert job.next_run_time <= datetime.now(STOCKHOLM) + timedelta(seconds=1)


def _fires_per_day(trigger, first_day, days):
    counts, previous = {}, None
    now = datetime.combine(first_day, datetime.min.time(), tzinfo=STOCKHOLM)
    end = now + timedelta(days=days)
    for _ in range(200):  # a bound: a trigger stuck on a DST day fails instead of hanging
        fire = trigger.get_next_fire_time(previous, now)
        if fire is None or fire >= end:
            break
        counts[fire.date()] = counts.get(fire.date(), 0) + 1
        previous = fire  # step on in UTC: wall-clock arithmetic would lose the DST fold
        now = (fire.astimezone(UTC) + timedelta(microseconds=1)).astimezone(STOCKHOLM)
    return counts


@pytest.mark.parametrize("day", [date(2026, 3, 28), date(2026, 10, 24)])
@pytest.mark.parametrize("hour", range(3, 24))
@pytest.mark.checklist("S10")
def test_the_daily_rules_fire_once_on_each_day_around_a_dst_change(app, monkeypatch, day, hour):
    monkeypatch.setitem(app.config["REGISTRY"], "SCHEDULER_ALERTS_HOUR", hour)
    job = scheduling.build_scheduler(app, blocking=False).get_jobs()[0]
    assert list(_fires_per_day(job.trigger, day, 3).values()) == [1, 1, 1]


@pytest.mark.parametrize("hour", [0, 1, 2, 24])
def test_night_hours_around_a_dst_change_are_refused_for_the_daily_rules(hour):
    """02:00-02:59 is skipped in March and comes twice in October; APScheduler 3.11 jumps a
    day at 00:xx after the March change."""
    with pytest.raises(ConfigError, match="REGISTRY_SCHEDULER_ALERTS_HOUR"):
        load_settings({"SCHEDULER_ALERTS_HOUR": hour}, environ={})


def test_the_digest_is_retried_every_half_hour_through_the_day(app):
    job = scheduling.build_scheduler(app, blocking=False).get_jobs()[1]
    counts = _fires_per_day(job.trigger, date(2026, 10, 24), 3)
    assert list(counts.values()) == [28, 28, 28]  # 07:00, 07:30 ... 20:30


@pytest.mark.checklist("S1")
def test_no_web_worker_starts_a_scheduler(database_url):
    before = {t.name for t in threading.enumerate()}
    for _ in range(4):
        make_app(database_url)
    started = {t.name for t in threading.enumerate()} - before
    assert not [name for name in started if "APScheduler" in name or "scheduler" in name]


@pytest.mark.checklist("S1")
def test_only_the_scheduler_module_starts_a_scheduler():
    starters = [path.relative_to(REGISTRY).as_posix() for path in REGISTRY.rglob("*.py")
                if re.search(r"\bscheduler\.start\(", path.read_text(encoding="utf-8"))]
    assert starters == ["alerts/scheduler.py"]


def test_a_second_file_lock_waits_for_the_first(tmp_path):
    first, second = FileLeaderLock(tmp_path / "lock"), FileLeaderLock(tmp_path / "lock")
    assert first.try_acquire()
    assert not second.try_acquire()
    first.release()
    assert second.try_acquire()
    second.release()
