"""Typed settings: one frozen value built from the validated config, defaults stated once."""

import dataclasses

import pytest

from registry.config import ConfigError
from registry.core.settings import (
    DEFAULTS,
    AlertThresholds,
    MoneySettings,
    Settings,
    current_settings,
    money_settings,
    settings_of,
)
from tests.conftest import make_app


def _walk(value):
    yield value
    for item in dataclasses.fields(value):
        inner = getattr(value, item.name)
        if dataclasses.is_dataclass(inner):
            yield from _walk(inner)


def test_every_settings_object_is_frozen():
    for group in _walk(Settings()):
        name = dataclasses.fields(group)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(group, name, None)


def test_every_default_has_one_typed_place():
    """Each REGISTRY_* default is read by a typed field (or by the Flask config only)."""
    flask_only = {"SECRET_KEY", "RATELIMIT_STORAGE_URI", "RATELIMIT_ENABLED", "TRUSTED_HOSTS"}
    keys = {item.metadata["key"] for group in _walk(Settings())
            for item in dataclasses.fields(group) if "key" in item.metadata}
    assert keys | flask_only == set(DEFAULTS)


def test_the_defaults_are_the_ones_in_one_dict():
    assert Settings.from_config(DEFAULTS) == Settings()
    assert MoneySettings().window_months == DEFAULTS["REIMBURSEMENT_WINDOW_MONTHS"]
    assert AlertThresholds().agreement_days == (180, 90, 30)


def test_the_running_app_reads_its_settings_typed(app):
    settings = current_settings()
    assert settings == settings_of(app)
    assert settings.env_name == "test" and settings.auth.password_hash_time_cost == 1
    assert money_settings() == MoneySettings()


@pytest.mark.no_db
@pytest.mark.parametrize(("key", "value", "message"), [
    ("ALERT_AGREEMENT_DAYS", "90,x", "REGISTRY_ALERT_AGREEMENT_DAYS"),
    ("REIMBURSEMENT_SHARE_PERCENT", 0, "REGISTRY_REIMBURSEMENT_SHARE_PERCENT must be between"),
    ("FRESH_LOGIN_MINUTES", 0, "REGISTRY_FRESH_LOGIN_MINUTES must be between 1 and 720"),
])
def test_a_wrong_value_stops_the_start_with_a_message(key, value, message):
    with pytest.raises(ConfigError, match=message):
        make_app("sqlite://", **{key: value})
