"""Case officers' rules, each on a frozen clock: fires on its day, not the day before, and
resolves itself when the condition clears."""

from datetime import date, timedelta

from registry.extensions import db
from tests import factories
from tests.alerts import factories as alert_factories
from tests.alerts.conftest import state

DAY = timedelta(days=1)


def test_initial_period_ending_fires_30_days_before_the_current_end(run_on):
    placement = factories.placement(start_date=date(2026, 1, 15),
                                    initial_period_end=date(2026, 7, 15),
                                    planned_end=date(2026, 7, 15))
    key = ("initial_period_ending", "placement", placement.id)
    run_on(date(2026, 6, 14))
    assert state(*key) == []
    run_on(date(2026, 6, 15))
    assert state(*key) == [(date(2026, 7, 15), "open", "warning")]


def test_initial_period_ending_turns_critical_once_the_end_has_passed(run_on):
    placement = factories.placement(start_date=date(2026, 1, 15),
                                    initial_period_end=date(2026, 7, 15),
                                    planned_end=date(2026, 7, 15))
    key = ("initial_period_ending", "placement", placement.id)
    run_on(date(2026, 7, 15))
    assert state(*key)[0][2] == "warning"
    run_on(date(2026, 7, 16))
    assert state(*key) == [(date(2026, 7, 15), "open", "critical")]


def test_initial_period_ending_resolves_when_extended_and_warns_again_for_the_new_end(run_on):
    placement = factories.placement(start_date=date(2026, 1, 15),
                                    initial_period_end=date(2026, 7, 15),
                                    planned_end=date(2026, 7, 15))
    key = ("initial_period_ending", "placement", placement.id)
    run_on(date(2026, 6, 20))
    alert_factories.extension(placement, date(2026, 10, 15))
    run_on(date(2026, 6, 21))
    assert state(*key) == [(date(2026, 7, 15), "resolved", "warning")]
    run_on(date(2026, 9, 15))
    assert state(*key)[-1] == (date(2026, 10, 15), "open", "warning")


def test_initial_period_ending_resolves_when_an_end_is_decided(run_on):
    placement = factories.placement(start_date=date(2026, 1, 15),
                                    initial_period_end=date(2026, 7, 15),
                                    planned_end=date(2026, 7, 15))
    run_on(date(2026, 7, 1))
    placement.end_date, placement.end_reason = date(2026, 7, 10), "completed_as_planned"
    db.session.flush()
    run_on(date(2026, 7, 2))
    assert state("initial_period_ending", "placement", placement.id)[0][1] == "resolved"


def _reporting_placement(**values):
    municipality = factories.municipality(report_due_day=10)
    return factories.placement(municipality, start_date=date(2026, 1, 15), **values)


def test_report_missing_fires_the_day_after_the_due_day(run_on):
    placement = _reporting_placement()
    key = ("report_missing", "placement", placement.id)
    run_on(date(2026, 2, 10))
    assert state(*key) == []
    run_on(date(2026, 2, 11))
    assert state(*key) == [(date(2026, 2, 10), "open", "warning")]


def test_report_missing_follows_the_municipality_due_day(run_on):
    placement = factories.placement(factories.municipality(report_due_day=20),
                                    start_date=date(2026, 1, 15))
    key = ("report_missing", "placement", placement.id)
    run_on(date(2026, 2, 20))
    assert state(*key) == []
    run_on(date(2026, 2, 21))
    assert state(*key) == [(date(2026, 2, 20), "open", "warning")]


def test_report_missing_resolves_when_the_report_comes_in_even_late(run_on):
    placement = _reporting_placement()
    run_on(date(2026, 2, 11))
    factories.monthly_report(placement, month=date(2026, 1, 1), received_on=date(2026, 2, 12),
                             days_in_care=17)
    run_on(date(2026, 2, 12))
    assert state("report_missing", "placement", placement.id) == [
        (date(2026, 2, 10), "resolved", "warning")]


def test_report_missing_is_one_alert_per_missing_month(run_on):
    placement = _reporting_placement()
    factories.monthly_report(placement, month=date(2026, 2, 1), received_on=date(2026, 3, 5))
    run_on(date(2026, 4, 11))
    assert [s[0] for s in state("report_missing", "placement", placement.id)] == [
        date(2026, 2, 10), date(2026, 4, 10)]


def test_a_report_not_yet_received_does_not_count(run_on):
    placement = _reporting_placement()
    factories.monthly_report(placement, month=date(2026, 1, 1), received_on=None)
    run_on(date(2026, 2, 11))
    assert len(state("report_missing", "placement", placement.id)) == 1


def test_no_report_is_expected_after_the_placement_ended(run_on):
    placement = _reporting_placement(end_date=date(2026, 1, 31), end_reason="client_ended")
    factories.monthly_report(placement, month=date(2026, 1, 1), received_on=date(2026, 2, 2),
                             days_in_care=17)
    run_on(date(2026, 5, 1))
    assert state("report_missing", "placement", placement.id) == []


def test_plan_missing_fires_once_30_days_have_passed(run_on):
    placement = factories.placement(start_date=date(2026, 3, 1))
    key = ("plan_missing", "placement", placement.id)
    run_on(date(2026, 3, 31))
    assert state(*key) == []
    run_on(date(2026, 4, 1))
    assert state(*key) == [(date(2026, 3, 31), "open", "warning")]
    placement.implementation_plan_received_on = date(2026, 4, 1)
    db.session.flush()
    run_on(date(2026, 4, 2))
    assert state(*key) == [(date(2026, 3, 31), "resolved", "warning")]


def test_deviation_open_fires_after_seven_days_and_resolves_on_decision(run_on):
    deviation = alert_factories.deviation(occurred_on=date(2026, 3, 2))
    key = ("deviation_open", "deviation", deviation.id)
    run_on(date(2026, 3, 9))
    assert state(*key) == []
    run_on(date(2026, 3, 10))
    assert state(*key) == [(date(2026, 3, 9), "open", "warning")]
    deviation.decision, deviation.decided_on = "continue", date(2026, 3, 10)
    db.session.flush()
    run_on(date(2026, 3, 11))
    assert state(*key) == [(date(2026, 3, 9), "resolved", "warning")]
