"""Alert test helpers: one call to run the job on a frozen day (tests/conftest.py `clock`),
and lookups."""

import os

import pytest
from sqlalchemy import select

from registry.alerts.jobs import run_alerts
from registry.alerts.models import Alert
from registry.extensions import db


def is_postgres():
    return (os.environ.get("REGISTRY_TEST_DATABASE_URL") or "").startswith("postgresql")


needs_postgres = pytest.mark.skipif(not is_postgres(), reason="needs PostgreSQL")


@pytest.fixture
def run_on(clock):
    """Return run(day): freeze the clock on `day` and run the alert job as the scheduler does."""

    def run(day):
        clock(day)
        job = run_alerts()
        assert job.status == "succeeded", job.error
        return job

    return run


def alerts_for(rule, subject_type, subject_id):
    """Return the alerts of one rule about one subject, oldest due date first."""
    query = select(Alert).where(Alert.rule == rule, Alert.subject_type == subject_type,
                                Alert.subject_id == subject_id).order_by(Alert.due_date)
    return list(db.session.scalars(query.execution_options(populate_existing=True)))


def state(rule, subject_type, subject_id):
    """Return [(due_date, status, severity)] of one subject's alerts for a rule."""
    return [(a.due_date, a.status, a.severity) for a in alerts_for(rule, subject_type,
                                                                  subject_id)]
