"""Fuzz the API against its own OpenAPI document with schemathesis's default checks.

One setting differs from the defaults, on purpose: `positive_data_acceptance` also accepts 422.
A JSON schema cannot state every page rule (a Luhn check digit, a provider that must exist,
dates in order, a month the placement was in care), so schema-valid data may still be
refused by the same rule as on the page, with its Swedish message.
"""

import pytest
import schemathesis
from flask.globals import _cv_app
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from sqlalchemy import select

from registry.auth.services import create_user
from registry.extensions import db
from registry.municipalities.models import Municipality
from tests.api.factories import bearer

MAX_EXAMPLES = 6
CONFIG = {
    "checks": {"positive_data_acceptance": {
        "expected-statuses": ["2xx", "401", "403", "404", "409", "422"]}},
    "generation": {"max-examples": MAX_EXAMPLES},
    "phases": {"stateful": {"enabled": False}},
}


def isolated(app):
    """Wrap the app so each request gets a fresh `g` and writes only into the test's savepoint."""

    def wsgi(environ, start_response):
        ctx = _cv_app.get(None)
        saved = ctx.g
        ctx.g = app.app_ctx_globals_class()
        db.session.commit()
        try:
            return app(environ, start_response)
        finally:
            ctx.g = saved
            db.session.rollback()

    return wsgi


@pytest.fixture
def api_schema(app):
    config = schemathesis.config.SchemathesisConfig.from_dict(CONFIG)
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", isolated(app), config=config)


@pytest.fixture
def api_headers():
    """A Solna user with every role that reaches the API's resources, so each is exercised."""
    solna = db.session.scalar(select(Municipality).where(Municipality.slug == "solna"))
    create_user("fuzz.solna@demo.invalid", "Fuzz", "ett-långt-testlösenord-2026",
                ["case_officer", "purchaser", "finance"], solna)
    return bearer("fuzz.solna@demo.invalid")


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_keeps_its_own_openapi_document(api_schema, api_headers, mode):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 25
    for operation in operations:
        _fuzz(operation, mode, api_headers)


def _fuzz(operation, mode, headers):
    """Send a few generated requests to one operation and run the default checks on each."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
    def run(case):
        case.call_and_validate(headers=headers)

    run()
