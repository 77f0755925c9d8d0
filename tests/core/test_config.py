"""Settings: defaults, REGISTRY_* environment parsing, overrides and fail-fast validation."""

import pytest

from registry.app import create_app
from registry.config import DEFAULTS, ConfigError, flask_config, load_settings
from registry.seeding import SeedRefused, seed

GOOD_SECRET = "s" * 40
PRODUCTION = {
    "REGISTRY_ENV_NAME": "production",
    "REGISTRY_SECRET_KEY": GOOD_SECRET,
    "REGISTRY_TRUSTED_HOSTS": "registry.example.se",
    "REGISTRY_BASE_URL": "https://registry.example.se",
    "REGISTRY_DATABASE_URL": "postgresql+psycopg://registry@db.example.se/registry",
}


def test_defaults_apply_without_environment():
    settings = load_settings(environ={})
    assert settings["ENV_NAME"] == "development"
    assert settings["DEMO_PASSWORD"] == "demo-password-2026"
    assert settings["IDLE_TIMEOUT_MINUTES"] == DEFAULTS["IDLE_TIMEOUT_MINUTES"]


def test_environment_values_are_coerced_to_the_default_types():
    settings = load_settings(environ={"REGISTRY_IDLE_TIMEOUT_MINUTES": "45",
                                      "REGISTRY_SMTP_USE_TLS": "yes",
                                      "REGISTRY_MAIL_FROM": "x@example.se"})
    assert settings["IDLE_TIMEOUT_MINUTES"] == 45
    assert settings["SMTP_USE_TLS"] is True
    assert settings["MAIL_FROM"] == "x@example.se"


@pytest.mark.parametrize(("raw", "value"), [("1", True), ("TRUE", True), (" on ", True),
                                            ("0", False), ("No", False), ("", False)])
def test_boolean_spellings(raw, value):
    settings = load_settings(environ={"REGISTRY_SMTP_USE_TLS": raw})
    assert settings["SMTP_USE_TLS"] is value


def test_unprefixed_variables_are_ignored():
    assert load_settings(environ={"IDLE_TIMEOUT_MINUTES": "x"})["IDLE_TIMEOUT_MINUTES"] == 30


@pytest.mark.parametrize("raw", ["ten", "4.5", ""])
def test_a_bad_whole_number_names_the_variable(raw):
    with pytest.raises(ConfigError, match="REGISTRY_SMTP_PORT"):
        load_settings(environ={"REGISTRY_SMTP_PORT": raw})


@pytest.mark.parametrize("raw", ["maybe", "2", "ja"])
def test_a_bad_boolean_names_the_variable(raw):
    with pytest.raises(ConfigError, match="REGISTRY_SMTP_USE_TLS"):
        load_settings(environ={"REGISTRY_SMTP_USE_TLS": raw})


def test_overrides_win_over_the_environment():
    settings = load_settings({"IDLE_TIMEOUT_MINUTES": 5},
                             environ={"REGISTRY_IDLE_TIMEOUT_MINUTES": "45"})
    assert settings["IDLE_TIMEOUT_MINUTES"] == 5


@pytest.mark.parametrize(
    ("environ", "variable"),
    [
        ({"REGISTRY_ENV_NAME": "staging"}, "REGISTRY_ENV_NAME"),
        ({"REGISTRY_DATABASE_URL": "mysql://x/y"}, "REGISTRY_DATABASE_URL"),
        ({"REGISTRY_IDLE_TIMEOUT_MINUTES": "0"}, "REGISTRY_IDLE_TIMEOUT_MINUTES"),
        ({"REGISTRY_PROXY_HOPS": "4"}, "REGISTRY_PROXY_HOPS"),
    ],
)
def test_invalid_values_are_refused_by_name(environ, variable):
    with pytest.raises(ConfigError, match=variable):
        load_settings(environ=environ)


def test_a_complete_production_configuration_is_accepted():
    settings = load_settings(environ=PRODUCTION)
    assert settings["ENV_NAME"] == "production"
    config = flask_config(settings)
    assert config["SECRET_KEY"] == GOOD_SECRET
    assert config["TRUSTED_HOSTS"] == ["registry.example.se"]
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert config["TESTING"] is False


@pytest.mark.parametrize(
    ("change", "variable"),
    [
        ({"REGISTRY_SECRET_KEY": None}, "REGISTRY_SECRET_KEY"),
        ({"REGISTRY_SECRET_KEY": "too-short"}, "REGISTRY_SECRET_KEY"),
        ({"REGISTRY_TRUSTED_HOSTS": None}, "REGISTRY_TRUSTED_HOSTS"),
        ({"REGISTRY_TRUSTED_HOSTS": ""}, "REGISTRY_TRUSTED_HOSTS"),
    ],
)
def test_production_refuses_unsafe_settings(change, variable):
    environ = {**PRODUCTION, **change}
    environ = {key: value for key, value in environ.items() if value is not None}
    with pytest.raises(ConfigError, match=variable):
        load_settings(environ=environ)


def test_trusted_hosts_are_split_and_trimmed():
    settings = load_settings(environ={"REGISTRY_TRUSTED_HOSTS": " a.example.se , b.example.se,",
                                      "REGISTRY_SECRET_KEY": GOOD_SECRET})
    assert flask_config(settings)["TRUSTED_HOSTS"] == ["a.example.se", "b.example.se"]


def test_development_cookies_work_over_plain_http():
    config = flask_config(load_settings(environ={"REGISTRY_SECRET_KEY": GOOD_SECRET}))
    assert config["SESSION_COOKIE_SECURE"] is False
    assert config["TRUSTED_HOSTS"] is None


def test_a_production_app_refuses_the_demo_seed(tmp_path):
    app = create_app({"ENV_NAME": "production", "SECRET_KEY": GOOD_SECRET,
                      "TRUSTED_HOSTS": "registry.example.se",
                      "BASE_URL": "https://registry.example.se",
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}"})
    with app.app_context(), pytest.raises(SeedRefused, match="produktion"):
        seed(demo=True)


@pytest.mark.checklist("R3")
def test_production_refuses_to_start_without_the_base_url(tmp_path):
    settings = {"ENV_NAME": "production", "SECRET_KEY": GOOD_SECRET,
                "TRUSTED_HOSTS": "registry.example.se",
                "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}"}
    with pytest.raises(ConfigError, match="REGISTRY_BASE_URL must be set in production"):
        create_app(settings)
    app = create_app({**settings, "BASE_URL": "https://registry.example.se"})
    assert app.config["REGISTRY"]["BASE_URL"] == "https://registry.example.se"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("registry.example.se", "absolute"),
        ("ftp://registry.example.se", "absolute"),
        ("https://", "absolute"),
        ("https://registry.example.se/?x=1", "absolute"),
        ("https://user:pw@registry.example.se", "absolute"),
        ("https://registry.example.se:port", "port"),
        ("http://registry.example.se", "https://"),
        ("https://other.example.se", "TRUSTED_HOSTS"),
    ],
)
def test_production_refuses_a_base_url_that_cannot_be_linked_to(url, reason):
    with pytest.raises(ConfigError, match=reason):
        load_settings(environ={**PRODUCTION, "REGISTRY_BASE_URL": url})


def test_the_base_url_defaults_to_the_development_server_outside_production():
    assert load_settings(environ={})["BASE_URL"] == "http://127.0.0.1:5000"
    settings = load_settings(environ={**PRODUCTION, "REGISTRY_BASE_URL":
                                      "https://registry.example.se:8443/registret/"})
    assert settings["BASE_URL"] == "https://registry.example.se:8443/registret/"
