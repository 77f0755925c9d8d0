"""Demo data is refused in production; reference data is not."""

import pytest
from flask import current_app

from registry.extensions import db
from registry.seeding import SeedRefused, refuse_demo, seed
from tests.conftest import make_app

PRODUCTION = {"ENV_NAME": "production", "SECRET_KEY": "x" * 40, "TRUSTED_HOSTS": "example.org",
              "BASE_URL": "https://example.org"}


def test_guard_refuses_production(monkeypatch):
    monkeypatch.setitem(current_app.config["REGISTRY"], "ENV_NAME", "production")
    with pytest.raises(SeedRefused, match="produktion"):
        refuse_demo()
    with pytest.raises(SeedRefused):
        seed(demo=True)


def test_guard_allows_development_and_test(monkeypatch):
    for env in ("development", "test"):
        monkeypatch.setitem(current_app.config["REGISTRY"], "ENV_NAME", env)
        refuse_demo()


@pytest.fixture
def production_app(database_url):
    app = make_app(database_url, **PRODUCTION)
    yield app
    with app.app_context():
        db.engine.dispose()


def test_production_app_refuses_demo_but_seeds_reference(production_app):
    with production_app.app_context():
        with pytest.raises(SeedRefused):
            seed(demo=True)
        assert sum(seed(demo=False).values()) == 0


def test_cli_seed_demo_fails_in_production(production_app):
    # The CLI uses the current app context when there is one (the test's), so push ours.
    with production_app.app_context():
        result = production_app.test_cli_runner().invoke(args=["registry", "seed", "--demo"])
    assert result.exit_code != 0
    assert "produktion" in result.output


def test_cli_seed_demo_prints_logins_and_password(app):
    result = app.test_cli_runner().invoke(args=["registry", "seed", "--demo"])
    assert result.exit_code == 0, result.output
    assert "Inget nytt" in result.output
    assert "case_officer.upplands-vasby@demo.invalid" in result.output
    assert app.config["REGISTRY"]["DEMO_PASSWORD"] in result.output
