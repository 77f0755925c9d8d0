"""The demo data set, in dependency order. Never in production (see refuse_demo)."""

from registry.core.settings import current_settings
from registry.extensions import db
from registry.seeding.agreements import seed_agreements
from registry.seeding.assessments import seed_assessments
from registry.seeding.case_events import seed_case_events
from registry.seeding.finance import seed_budgets, seed_case_money
from registry.seeding.placements import seed_placements
from registry.seeding.providers import seed_providers
from registry.seeding.users import seed_users


class SeedRefused(RuntimeError):
    """Demo data was asked for where it must never be created."""


def refuse_demo():
    """Raise SeedRefused when the app runs as production."""
    if current_settings().production:
        raise SeedRefused("Demodata skapas aldrig i produktion (REGISTRY_ENV_NAME=production). "
                          "Kör seed utan --demo för att bara lägga in referensdata.")


def seed_demo(ctx):
    refuse_demo()
    seed_users(ctx)
    seed_providers(ctx)
    seed_agreements(ctx)
    seed_placements(ctx, _case_history)
    seed_budgets(ctx)
    seed_assessments(ctx)
    db.session.flush()


def _case_history(ctx, case):
    seed_case_events(ctx, case)
    seed_case_money(ctx, case)
    db.session.flush()
