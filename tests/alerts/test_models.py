"""Alert constraints: one alert per (rule, subject, due date)."""

from datetime import date, datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from registry.alerts.models import DigestDelivery, JobRun
from registry.extensions import db
from tests import factories
from tests.conftest import make_app
from tests.factories import assert_refused


def test_a_duplicate_alert_is_refused():
    alert = factories.alert()
    assert_refused(lambda: factories.alert(rule=alert.rule, subject_type=alert.subject_type,
                                           subject_id=alert.subject_id, due_date=alert.due_date))


@pytest.mark.parametrize("change", [{"rule": "option_deadline"}, {"subject_type": "provider"},
                                    {"subject_id": 999_999}, {"due_date": date(2027, 1, 1)}])
def test_alerts_differing_in_one_key_part_are_kept(change):
    alert = factories.alert()
    key = {"rule": alert.rule, "subject_type": alert.subject_type,
           "subject_id": alert.subject_id, "due_date": alert.due_date}
    assert factories.alert(**{**key, **change}).id != alert.id


@pytest.mark.parametrize("column", ["status", "severity"])
def test_unknown_status_and_severity_are_refused(column):
    assert_refused(lambda: factories.alert(**{column: "urgent"}), f"ck_alerts_{column}_allowed")


def test_unknown_delivery_and_run_statuses_are_refused():
    user = factories.user("case_officer")

    def delivery():
        factories._add(DigestDelivery(user_id=user.id, digest_date=date(2026, 11, 22),
                                      status="maybe"))

    def run():
        factories._add(JobRun(job="alerts", started_at=datetime(2026, 11, 22, 5, 30),
                              status="stuck", counts={}, runner="vm:1"))

    assert_refused(delivery, "ck_digest_deliveries_status_allowed")
    assert_refused(run, "ck_job_runs_status_allowed")


@pytest.mark.no_db
def test_migration_a12ops_gives_old_deliveries_and_runs_a_status(tmp_path):
    """Sent deliveries become "sent", unsent ones "failed" (retried); and back again."""
    application = make_app(f"sqlite:///{tmp_path / 'a12ops.sqlite3'}")
    directory = application.extensions["migrate"].directory
    with application.app_context():
        upgrade(directory=directory, revision="a11perf")
        users = [factories.user("case_officer").id for _ in range(2)]
        db.session.commit()
        for user_id, sent_at in zip(users, ("2026-11-22 07:00:00", None), strict=True):
            db.session.execute(text(
                "INSERT INTO digest_deliveries (user_id, digest_date, sent_at, attempts) "
                "VALUES (:user, '2026-11-22', :sent, 1)"), {"user": user_id, "sent": sent_at})
        db.session.commit()
        upgrade(directory=directory)
        statuses = db.session.execute(text(
            "SELECT status FROM digest_deliveries ORDER BY user_id")).scalars().all()
        assert statuses == ["sent", "failed"]
        db.session.execute(text(
            "INSERT INTO job_runs (job, started_at, status, counts, runner) "
            "VALUES ('alerts', '2026-11-22 05:30:00', 'running', '{}', 'vm:1')"))
        db.session.commit()
        downgrade(directory=directory, revision="a11perf")
        run = db.session.execute(text("SELECT status, finished_at FROM job_runs")).one()
        assert run[0] == "failed" and run[1] is not None
        db.session.remove()
        db.engine.dispose()
