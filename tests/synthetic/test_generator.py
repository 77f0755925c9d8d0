"""The synthetic data generator: deterministic, within every constraint, fictional."""

import hashlib
import re

import pytest
from flask_migrate import upgrade
from sqlalchemy import select, text

from registry.alerts.jobs import run_alerts
from registry.core.identifiers import contains_personnummer, normalise_org_number
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.placements.models import MonthlyReport, Placement
from registry.placements.rules import days_in_care
from registry.providers.models import Provider
from registry.synthetic import GenerateRefused, generate
from tests.conftest import make_app
from tests.synthetic.conftest import AS_OF, empty_database, generated_app, small
from tests.synthetic.pages import API_LISTS, PAGES, largest_municipality_slug, signed_in

pytestmark = pytest.mark.no_db

CASE_TABLES = ("placements", "placement_extensions", "placement_rate_changes",
               "monthly_reports", "follow_ups", "deviations", "invoices",
               "reimbursement_claims", "alerts", "audit_events")
SHARED_TABLES = ("providers", "provider_services", "agreements", "agreement_parties",
                 "agreement_providers", "extension_options", "agreement_terms",
                 "price_list_items", "assessments", "assessment_answers", "budgets")


def fingerprint():
    """A digest of every generated row (reference data and password hashes left out)."""
    digest = hashlib.sha256()
    for name in CASE_TABLES + SHARED_TABLES:
        table = db.metadata.tables[name]
        key = [table.c.id] if "id" in table.c else list(table.primary_key.columns)
        for row in db.session.execute(select(table).order_by(*key)):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def test_every_kind_of_row_is_made(generated):
    _app, counts = generated
    for name in CASE_TABLES + SHARED_TABLES + ("municipalities", "users"):
        assert counts.get(name, 0) > 0, name
    assert counts["placements"] == 60
    assert counts["audit_events"] == 400


def test_same_seed_gives_the_same_rows_and_another_seed_other_rows(tmp_path):
    prints = []
    for seed in (3, 3, 4):
        with generated_app(tmp_path, small(placements=25, seed=seed)) as (app, _counts), \
                app.app_context():
            prints.append(fingerprint())
    assert prints[0] == prints[1]
    assert prints[0] != prints[2]


def test_rows_keep_every_rule_of_the_schema_and_stay_fictional(generated):
    app, _counts = generated
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            assert db.session.execute(text("PRAGMA foreign_key_check")).all() == []
        for number in db.session.scalars(select(Provider.org_number)):
            assert normalise_org_number(number) == number
        references = list(db.session.scalars(select(Placement.case_reference)))
        assert all(re.fullmatch(r"GEN-\d{6}", r) for r in references)
        assert not any(contains_personnummer(r) for r in references)
        extra = db.session.execute(select(Municipality.name, Municipality.scb_code).where(
            Municipality.slug.like("kommun-%"))).all()
        assert extra and all(n.startswith("Kommun ") and c.startswith("9") for n, c in extra)


def test_days_in_care_follow_the_care_day_rule(generated):
    app, _counts = generated
    with app.app_context():
        rows = db.session.execute(select(
            MonthlyReport.days_in_care, MonthlyReport.month, Placement.start_date,
            Placement.end_date).join(Placement, Placement.id == MonthlyReport.placement_id))
        for days, month, start, end in rows:
            assert days == days_in_care(start, end, month)


def test_it_refuses_a_database_that_already_holds_data(generated):
    app, _counts = generated
    with app.app_context(), pytest.raises(GenerateRefused):
        generate(small())
    with app.app_context():
        db.session.rollback()


def test_the_command_generates_once_and_then_refuses(tmp_path):
    with empty_database(tmp_path) as url:
        app = make_app(url)
        try:
            with app.app_context():
                upgrade(directory=app.extensions["migrate"].directory)
            args = ["registry", "generate", "--placements", "12", "--providers", "4",
                    "--audit-events", "30", "--seed", "5"]
            first = app.test_cli_runner().invoke(args=args)
            assert first.exit_code == 0, first.output
            assert "placements: 12" in first.output
            assert "audit_events: 30" in first.output
            again = app.test_cli_runner().invoke(args=args)
            assert again.exit_code != 0
            assert "innehåller redan utförare" in again.output
        finally:
            with app.app_context():
                db.engine.dispose()


def test_the_pages_work_on_generated_data(generated):
    app, _counts = generated
    with app.app_context():
        slug = largest_municipality_slug()
        for role, path in PAGES:
            client, _headers = signed_in(app, role, slug)
            assert client.get(path).status_code == 200, path
        for role, path in API_LISTS:
            _client, headers = signed_in(app, role, slug)
            response = app.test_client().get(path, headers=headers)
            assert response.status_code == 200, path
            assert response.get_json()["total"] > 0, path
        assert run_alerts(AS_OF).status == "succeeded"
