"""The runner: idempotent, catches up after a gap, escalates, reopens, wakes snoozed alerts."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from registry.alerts import runner
from registry.alerts.models import Alert
from registry.alerts.rules import RULES_BY_NAME
from registry.core.settings import settings_of
from registry.extensions import db
from tests import factories
from tests.alerts import factories as alert_factories
from tests.alerts.conftest import alerts_for, state


def _count_alerts():
    return db.session.scalar(select(func.count(Alert.id)))


@pytest.mark.checklist("S3")
def test_running_twice_creates_nothing_twice(run_on):
    alert_factories.deviation(occurred_on=date(2026, 3, 2))
    first = run_on(date(2026, 3, 20))
    total = _count_alerts()
    second = run_on(date(2026, 3, 20))
    assert first.counts["created"] >= 1
    assert second.counts == {"created": 0, "reopened": 0, "escalated": 0, "resolved": 0,
                             "woken": 0}
    assert _count_alerts() == total


def test_the_insert_skips_rows_that_already_exist(app, clock):
    """The statement itself tolerates an existing row (what a parallel run leaves behind)."""
    deviation = alert_factories.deviation(occurred_on=date(2026, 3, 2))
    factories.alert(rule="deviation_open", subject_type="deviation", subject_id=deviation.id,
                    due_date=date(2026, 3, 9), audience="case_officer",
                    municipality_id=deviation.municipality_id)
    counts = runner.run_rules(date(2026, 3, 20), settings_of(app),
                              [RULES_BY_NAME["deviation_open"]])
    assert len(alerts_for("deviation_open", "deviation", deviation.id)) == 1
    assert counts["resolved"] == 0


def test_a_run_after_a_five_day_gap_catches_up(run_on):
    """Deviations due on each of the five missed days all get their alert, each once."""
    placement = factories.placement(start_date=date(2026, 1, 1))
    deviations = [alert_factories.deviation(placement, occurred_on=date(2026, 3, day))
                  for day in range(1, 6)]  # decisions due 8th..12th, alerts from the 9th..13th
    run_on(date(2026, 3, 8))
    assert all(state("deviation_open", "deviation", d.id) == [] for d in deviations)
    run_on(date(2026, 3, 13))
    due_dates = [state("deviation_open", "deviation", d.id) for d in deviations]
    assert due_dates == [[(date(2026, 3, day + 7), "open", "warning")] for day in range(1, 6)]


def test_catching_up_gives_what_daily_runs_would_have_given(run_on):
    placement = factories.placement(start_date=date(2026, 1, 15),
                                    initial_period_end=date(2026, 4, 20),
                                    planned_end=date(2026, 4, 20))
    alert_factories.deviation(placement, occurred_on=date(2026, 3, 16))
    run_on(date(2026, 3, 18))
    run_on(date(2026, 3, 25))
    caught_up = {(a.rule, a.due_date) for a in db.session.scalars(
        select(Alert).where(Alert.municipality_id == placement.municipality_id))}
    assert caught_up == {("initial_period_ending", date(2026, 4, 20)),
                         ("deviation_open", date(2026, 3, 23)),
                         ("report_missing", date(2026, 2, 10)),
                         ("report_missing", date(2026, 3, 10)),
                         ("plan_missing", date(2026, 2, 14))}


def test_an_acknowledged_alert_is_opened_again_when_it_escalates(run_on):
    placement = factories.placement(start_date=date(2026, 1, 15),
                                    initial_period_end=date(2026, 7, 15),
                                    planned_end=date(2026, 7, 15))
    run_on(date(2026, 7, 1))
    alert = alerts_for("initial_period_ending", "placement", placement.id)[0]
    alert.status = "acknowledged"
    db.session.flush()
    run_on(date(2026, 7, 10))
    assert state("initial_period_ending", "placement", placement.id)[0][1:] == (
        "acknowledged", "warning")
    run_on(date(2026, 7, 16))
    assert state("initial_period_ending", "placement", placement.id)[0][1:] == (
        "open", "critical")


def test_a_resolved_alert_opens_again_when_its_condition_returns(run_on):
    deviation = alert_factories.deviation(occurred_on=date(2026, 3, 2))
    run_on(date(2026, 3, 10))
    deviation.decision, deviation.decided_on = "continue", date(2026, 3, 10)
    db.session.flush()
    run_on(date(2026, 3, 11))
    deviation.decision, deviation.decided_on = None, None
    db.session.flush()
    job = run_on(date(2026, 3, 12))
    assert state("deviation_open", "deviation", deviation.id) == [
        (date(2026, 3, 9), "open", "warning")]
    assert job.counts["reopened"] >= 1


def test_a_snoozed_alert_wakes_on_its_day(run_on):
    deviation = alert_factories.deviation(occurred_on=date(2026, 3, 2))
    run_on(date(2026, 3, 10))
    alert = alerts_for("deviation_open", "deviation", deviation.id)[0]
    alert.status, alert.snoozed_until = "snoozed", date(2026, 3, 15)
    db.session.flush()
    run_on(date(2026, 3, 14))
    assert state("deviation_open", "deviation", deviation.id)[0][1] == "snoozed"
    run_on(date(2026, 3, 15))
    assert state("deviation_open", "deviation", deviation.id)[0][1] == "open"


def test_a_snoozed_alert_still_resolves_when_cleared(run_on):
    deviation = alert_factories.deviation(occurred_on=date(2026, 3, 2))
    run_on(date(2026, 3, 10))
    alert = alerts_for("deviation_open", "deviation", deviation.id)[0]
    alert.status, alert.snoozed_until = "snoozed", date(2026, 4, 1)
    deviation.decision, deviation.decided_on = "end", date(2026, 3, 11)
    db.session.flush()
    run_on(date(2026, 3, 12))
    alert = alerts_for("deviation_open", "deviation", deviation.id)[0]
    assert (alert.status, alert.snoozed_until) == ("resolved", None)
    assert alert.resolved_at is not None


def test_each_rule_query_runs_on_an_empty_day(app):
    """Every rule compiles and runs on this database, even far from any data."""
    counts = runner.run_rules(date(2000, 1, 1) + timedelta(days=1), settings_of(app))
    assert set(counts) == {"created", "reopened", "escalated", "resolved", "woken"}
