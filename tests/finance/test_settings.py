"""The money settings: defaults from the brief, validated at start, read as one value."""

import pytest

from registry.config import ConfigError, load_settings
from registry.core.settings import MoneySettings, money_settings


def test_defaults_follow_the_sources():
    settings = load_settings({}, environ={})
    assert settings["REIMBURSEMENT_WINDOW_MONTHS"] == 6
    assert settings["REIMBURSEMENT_SHARE_PERCENT"] == 100
    assert settings["REIMBURSEMENT_DAILY_CAP_ORE"] == 0


def test_environment_overrides_are_read():
    settings = load_settings({}, environ={"REGISTRY_REIMBURSEMENT_WINDOW_MONTHS": "12",
                                          "REGISTRY_INVOICE_TOLERANCE_ORE": "0"})
    assert (settings["REIMBURSEMENT_WINDOW_MONTHS"], settings["INVOICE_TOLERANCE_ORE"]) == (12, 0)


@pytest.mark.parametrize(("key", "value"), [
    ("REIMBURSEMENT_WINDOW_MONTHS", 0), ("REIMBURSEMENT_SHARE_PERCENT", 101),
    ("REIMBURSEMENT_SHARE_PERCENT", 0), ("REIMBURSEMENT_DAILY_CAP_ORE", -1),
    ("INVOICE_TOLERANCE_ORE", -1), ("CLAIM_DEADLINE_DAYS", 0),
])
def test_a_bad_money_setting_stops_the_start(key, value):
    with pytest.raises(ConfigError, match=key):
        load_settings({key: value}, environ={})


def test_the_app_settings_are_read_as_one_value(app):
    assert money_settings() == MoneySettings()
