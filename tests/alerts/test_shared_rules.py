"""Purchasers' rules about agreements and providers, on a frozen clock: each fires on its
day and not the day before, escalates by stage, and resolves when its condition clears.

Where the owner's rule decides the day (permit state, ceiling use), the test asks the owner's
function for that day instead of repeating its arithmetic.
"""

from datetime import date, timedelta

from registry.extensions import db
from registry.finance.ceiling import ceiling_use
from registry.providers.status import PermitStatus, permit_status
from tests import factories
from tests.alerts import factories as alert_factories
from tests.alerts.conftest import state

DAY = timedelta(days=1)


def _first_day(condition, start, days=400):
    """Return the first day from `start` on which condition(day) holds."""
    return next(start + DAY * i for i in range(days) if condition(start + DAY * i))


def test_agreement_expiring_fires_180_90_and_30_days_before_the_end(run_on):
    agreement = factories.agreement(start_date=date(2025, 7, 1), end_date=date(2027, 6, 30))
    key = ("agreement_expiring", "agreement", agreement.id)
    run_on(date(2026, 12, 31))  # 181 days left
    assert state(*key) == []
    run_on(date(2027, 1, 1))
    assert state(*key) == [(date(2027, 6, 30), "open", "info")]
    run_on(date(2027, 3, 31))
    assert state(*key)[0][2] == "info"
    run_on(date(2027, 4, 1))
    assert state(*key)[0][2] == "warning"
    run_on(date(2027, 5, 31))
    assert state(*key)[0][2] == "critical"
    run_on(date(2027, 7, 1))
    assert state(*key) == [(date(2027, 6, 30), "resolved", "critical")]


def test_an_exercised_option_moves_the_end_and_resolves_the_alert(run_on):
    agreement = factories.agreement(start_date=date(2025, 7, 1), end_date=date(2027, 6, 30))
    option = alert_factories.option(agreement, exercise_by=date(2027, 3, 31))
    run_on(date(2027, 1, 15))
    option.decision, option.decided_on = "exercised", date(2027, 1, 15)
    db.session.flush()
    run_on(date(2027, 1, 16))
    assert state("agreement_expiring", "agreement", agreement.id) == [
        (date(2027, 6, 30), "resolved", "info")]


def test_option_deadline_fires_60_days_before_the_last_date_and_resolves_on_decision(run_on):
    agreement = factories.agreement(start_date=date(2025, 7, 1), end_date=date(2027, 6, 30))
    option = alert_factories.option(agreement, exercise_by=date(2027, 3, 31))
    key = ("option_deadline", "agreement", agreement.id)
    run_on(date(2027, 1, 29))
    assert state(*key) == []
    run_on(date(2027, 1, 30))
    assert state(*key) == [(date(2027, 3, 31), "open", "warning")]
    run_on(date(2027, 4, 1))
    assert state(*key)[0][2] == "critical"  # the last day passed without a decision
    option.decision, option.decided_on = "declined", date(2027, 4, 1)
    db.session.flush()
    run_on(date(2027, 4, 2))
    assert state(*key)[0][1] == "resolved"


def test_only_the_next_option_in_sequence_is_watched(run_on):
    agreement = factories.agreement(start_date=date(2025, 7, 1), end_date=date(2027, 6, 30))
    alert_factories.option(agreement, sequence=1, exercise_by=date(2027, 3, 31),
                           decision="declined", decided_on=date(2027, 1, 2))
    alert_factories.option(agreement, sequence=2, exercise_by=date(2027, 3, 31))
    run_on(date(2027, 3, 1))
    assert state("option_deadline", "agreement", agreement.id) == []


def _ceiling_agreement(ceiling_ore):
    municipality = factories.municipality()
    agreement = factories.agreement(lead=municipality, start_date=date(2026, 1, 1),
                                    end_date=date(2027, 12, 31), ceiling_ore=ceiling_ore)
    factories.placement(municipality, agreement, start_date=date(2026, 1, 1),
                        daily_rate_ore=250_000)
    return agreement


def test_ceiling_reached_warns_at_80_and_turns_critical_at_100_percent(run_on):
    agreement = _ceiling_agreement(25_000_000)  # 100 days at 2 500 kr
    key = ("ceiling_reached", "agreement", agreement.id)
    level = lambda day: ceiling_use([agreement], day)[agreement.id].level  # noqa: E731
    warn_day = _first_day(lambda day: level(day) == "warn", date(2026, 1, 1))
    full_day = _first_day(lambda day: level(day) == "bad", warn_day)
    run_on(warn_day - DAY)
    assert state(*key) == []
    run_on(warn_day)
    assert state(*key) == [(date(2027, 12, 31), "open", "warning")]
    run_on(full_day - DAY)
    assert state(*key)[0][2] == "warning"
    run_on(full_day)
    assert state(*key)[0][2] == "critical"
    agreement.ceiling_ore = 100_000_000
    db.session.flush()
    run_on(full_day + DAY)
    assert state(*key)[0][1] == "resolved"


def _provider_in_use(**values):
    provider = factories.provider(**values)
    factories.placement(provider_id=provider.id, start_date=date(2026, 1, 15))
    return provider


def test_permit_expiring_fires_when_the_permit_rule_says_expiring(run_on):
    provider = _provider_in_use(permit_number="IVO-1", permit_valid_until=date(2027, 3, 1))
    key = ("permit_expiring", "provider", provider.id)
    first = _first_day(lambda d: permit_status(provider, d) == PermitStatus.EXPIRING,
                       date(2026, 12, 1))
    run_on(first - DAY)
    assert state(*key) == []
    run_on(first)
    assert state(*key) == [(date(2027, 3, 1), "open", "warning")]
    run_on(date(2027, 3, 2))
    assert state(*key)[0][2] == "critical"
    provider.permit_valid_until = date(2030, 3, 1)
    db.session.flush()
    run_on(date(2027, 3, 3))
    assert state(*key)[0][1] == "resolved"


def test_a_missing_permit_where_one_is_required_is_critical(run_on):
    service = factories.service_type(requires_permit=True)
    provider = _provider_in_use()
    provider.services.append(service)
    db.session.flush()
    run_on(date(2026, 6, 1))
    [(_, status, severity)] = state("permit_expiring", "provider", provider.id)
    assert (status, severity) == ("open", "critical")


def test_a_provider_not_in_use_is_not_watched(run_on):
    provider = factories.provider(permit_number="IVO-2", permit_valid_until=date(2026, 6, 1))
    run_on(date(2026, 5, 20))
    assert state("permit_expiring", "provider", provider.id) == []
    assert state("assessment_due", "provider", provider.id) == []


def test_assessment_due_fires_30_days_before_the_latest_assessment_expires(run_on):
    provider = _provider_in_use()
    alert_factories.assessment(provider, valid_until=date(2027, 2, 28))
    key = ("assessment_due", "provider", provider.id)
    run_on(date(2027, 1, 28))
    assert state(*key) == []
    run_on(date(2027, 1, 29))
    assert state(*key) == [(date(2027, 2, 28), "open", "warning")]
    run_on(date(2027, 3, 1))
    assert state(*key)[0][2] == "critical"
    alert_factories.assessment(provider, valid_until=date(2028, 3, 1),
                               assessed_on=date(2027, 3, 1))
    run_on(date(2027, 3, 2))
    assert state(*key)[0][1] == "resolved"


def test_a_provider_in_use_never_assessed_is_critical(run_on):
    provider = _provider_in_use()
    run_on(date(2026, 6, 1))
    [(_, status, severity)] = state("assessment_due", "provider", provider.id)
    assert (status, severity) == ("open", "critical")
