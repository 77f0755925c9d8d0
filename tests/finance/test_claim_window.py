"""The reimbursement window opens on the placement start or, by setting, on the day the police
criteria were complete: claims, the placement page, alerts and statistics follow the one rule."""

from datetime import date
from types import SimpleNamespace

import pytest

from registry.config import ConfigError, load_settings
from registry.core.settings import MoneySettings
from registry.extensions import db
from registry.finance import reimbursement
from registry.placements.choices import POLICE_CRITERIA
from tests.conftest import post
from tests.finance import factories as money

START = date(2026, 1, 1)
COMPLETE = date(2026, 4, 1)  # the last criterion (consent) was signed three months in
TODAY = date(2026, 9, 15)
FINANCE = ("finance", "solna")


@pytest.fixture
def window_from(app, monkeypatch):
    def choose(value):
        monkeypatch.setitem(app.config["REGISTRY"], "REIMBURSEMENT_WINDOW_FROM", value)
    return choose


def _late_consent():
    return money.placement(start_date=START, consent_on=COMPLETE,
                           initial_period_end=date(2026, 12, 31),
                           planned_end=date(2026, 12, 31))


def _claim(client, placement, first, last, amount):
    path = f"/finance/placements/{placement.id}/claims/new"
    return post(client, path, {"period_start": first.isoformat(), "period_end": last.isoformat(),
                               "amount": amount}, token_from=path)


def test_the_window_opens_on_the_start_by_default_and_on_the_criteria_day_by_setting():
    criteria = SimpleNamespace(**{name: date(2025, 12, 20) for name in POLICE_CRITERIA})
    criteria.consent_on = COMPLETE
    by_start = reimbursement.window_of(criteria, START, MoneySettings())
    by_criteria = reimbursement.window_of(criteria, START, MoneySettings(window_from="criteria"))
    assert (by_start.first, by_start.last) == (START, date(2026, 6, 30))
    assert (by_criteria.first, by_criteria.last) == (COMPLETE, date(2026, 9, 30))
    criteria.consent_on = date(2025, 12, 1)  # complete before the start: the start counts
    assert reimbursement.window_of(criteria, START, MoneySettings(window_from="criteria")
                                   ).first == START


def test_an_unknown_window_opening_stops_the_app():
    with pytest.raises(ConfigError, match="REIMBURSEMENT_WINDOW_FROM"):
        load_settings({"REIMBURSEMENT_WINDOW_FROM": "decision"}, environ={})


@pytest.mark.parametrize(("setting", "claimable", "refused"), [
    ("start", (date(2026, 2, 1), date(2026, 2, 28)), (date(2026, 7, 1), date(2026, 7, 31))),
    ("criteria", (date(2026, 7, 1), date(2026, 7, 31)), (date(2026, 2, 1), date(2026, 2, 28))),
])
def test_the_setting_decides_which_months_may_be_claimed(login_as, clock, window_from, setting,
                                                         claimable, refused):
    clock(TODAY)
    window_from(setting)
    placement = _late_consent()
    db.session.commit()
    client = login_as(FINANCE)
    response = _claim(client, placement, *refused, "1 000")
    assert response.status_code == 422
    assert "återsökningsfönstret" in response.get_data(as_text=True)
    assert _claim(client, placement, *claimable, "1 000").status_code == 302
    page = client.get(f"/finance/placements/{placement.id}").get_data(as_text=True)
    expected = {"start": "placeringens start",
                "criteria": "den dag polisens kriterier var uppfyllda"}[setting]
    assert f"6 månader från {expected}" in page


def test_statistics_count_reimbursable_amounts_in_the_same_window():
    from registry.finance import calculations as calc
    from registry.reports.catalogue.money import _eligible

    criteria = SimpleNamespace(**{name: date(2025, 12, 20) for name in POLICE_CRITERIA})
    criteria.consent_on = COMPLETE
    plan = SimpleNamespace(schedule=calc.schedule(START, None, 450_000))
    july = SimpleNamespace(first=date(2026, 7, 1), last=date(2026, 7, 31))
    assert _eligible(criteria, plan, july, MoneySettings()) == 0
    assert _eligible(criteria, plan, july, MoneySettings(window_from="criteria")) == \
        31 * 450_000
