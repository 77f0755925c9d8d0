"""Finance's rules on a frozen clock: the reimbursement window closing, the claim deadline and
invoice mismatches. The window and deadline days come from finance's own window_of."""

from datetime import date, timedelta

import pytest

from registry.core.settings import money_settings
from registry.extensions import db
from registry.finance.reimbursement import window_of
from tests import factories
from tests.alerts import factories as alert_factories
from tests.alerts.conftest import state

DAY = timedelta(days=1)
START = date(2026, 1, 1)


@pytest.fixture
def eligible():
    """A placement meeting every police criterion, in care from 1 January."""
    return factories.placement(start_date=START, initial_period_end=date(2026, 12, 31),
                               planned_end=date(2026, 12, 31), **alert_factories.POLICE_DATES)


def _window(placement=None):
    return window_of(placement, START, money_settings())


def test_window_closing_fires_30_days_before_the_window_ends(run_on, eligible):
    last = _window().last
    key = ("reimbursement_window_closing", "placement", eligible.id)
    run_on(last - DAY * 31)
    assert state(*key) == []
    run_on(last - DAY * 30)
    assert state(*key) == [(last, "open", "warning")]


def test_window_closing_resolves_when_the_past_months_are_claimed(run_on, eligible):
    last = _window().last
    run_on(last - DAY * 30)
    later = last - DAY * 20
    alert_factories.claim(eligible, START, later.replace(day=1) - DAY)  # every past month
    run_on(later)
    assert state("reimbursement_window_closing", "placement", eligible.id)[0][1] == "resolved"


def test_a_placement_outside_the_police_criteria_is_not_watched(run_on):
    placement = factories.placement(start_date=START)
    run_on(_window().last - DAY * 10)
    assert state("reimbursement_window_closing", "placement", placement.id) == []
    assert state("claim_deadline", "placement", placement.id) == []


def test_claim_deadline_warns_30_days_ahead_and_is_critical_once_passed(run_on, eligible):
    deadline = _window().deadline
    key = ("claim_deadline", "placement", eligible.id)
    run_on(deadline - DAY * 31)
    assert state(*key) == []
    run_on(deadline - DAY * 30)
    assert state(*key) == [(deadline, "open", "warning")]
    run_on(deadline + DAY)
    assert state(*key)[0][2] == "critical"


def test_a_draft_claim_still_counts_as_not_submitted(run_on, eligible):
    window = _window()
    claim = alert_factories.claim(eligible, window.first, window.last, status="draft")
    run_on(window.deadline - DAY * 10)
    assert state("claim_deadline", "placement", eligible.id)[0][1] == "open"
    claim.status, claim.submitted_on = "submitted", window.deadline - DAY * 9
    db.session.flush()
    run_on(window.deadline - DAY * 9)
    assert state("claim_deadline", "placement", eligible.id)[0][1] == "resolved"


def test_invoice_mismatch_fires_from_the_day_received_and_resolves_when_reconciled(run_on):
    invoice = alert_factories.invoice(factories.placement(start_date=START),
                                      received_on=date(2026, 3, 5),
                                      mismatch_reason="Beloppet skiljer sig")
    key = ("invoice_mismatch", "invoice", invoice.id)
    run_on(date(2026, 3, 4))
    assert state(*key) == []
    run_on(date(2026, 3, 5))
    assert state(*key) == [(date(2026, 3, 5), "open", "warning")]
    invoice.mismatch_reason = None
    db.session.flush()
    run_on(date(2026, 3, 6))
    assert state(*key)[0][1] == "resolved"


@pytest.mark.parametrize("setting", ["start", "criteria"])
def test_the_window_closing_alert_follows_the_window_setting(app, monkeypatch, run_on, setting):
    """With "criteria" the window opens when consent was signed three months in (1 April)."""
    monkeypatch.setitem(app.config["REGISTRY"], "REIMBURSEMENT_WINDOW_FROM", setting)
    placement = factories.placement(start_date=START, initial_period_end=date(2026, 12, 31),
                                    planned_end=date(2026, 12, 31),
                                    **{**alert_factories.POLICE_DATES,
                                       "consent_on": date(2026, 4, 1)})
    closing = date(2026, 9, 30) - timedelta(days=30)  # the criteria window's last day - 30
    run_on(closing)
    found = state("reimbursement_window_closing", "placement", placement.id)
    if setting == "criteria":
        assert found == [(date(2026, 9, 30), "open", "warning")]
    else:
        assert found == []
