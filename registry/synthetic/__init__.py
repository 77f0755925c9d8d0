"""Deterministic synthetic data at any scale, up to every municipality in Sweden.

    from registry.synthetic import Scale, generate
    counts = generate(Scale(placements=100_000, seed=1))   # the caller commits

The same scale and seed give the same rows. Everything is fictional: municipalities beyond
the eight real ones are "Kommun 0009" and on, providers "Fiktiv utförare 0001 AB" with
organisation numbers in the 998 series, case references "GEN-000123", and no person's name
or personnummer anywhere. Rows go in through bulk inserts (COPY on PostgreSQL).
"""

import random

from sqlalchemy import func, select, text

from registry.core.settings import current_settings
from registry.extensions import db
from registry.providers.models import Provider
from registry.seeding import seed
from registry.synthetic import cases, events, money, people, procurement
from registry.synthetic.plan import NATIONAL, Scale, World
from registry.synthetic.sink import Sink

__all__ = ["NATIONAL", "GenerateRefused", "Scale", "generate"]


class GenerateRefused(RuntimeError):
    """The database is not one to generate into (production, or it already holds data)."""


def generate(scale, progress=None):
    """Fill an empty, migrated database; return {table: rows written}."""
    say = progress or (lambda _message: None)
    _refuse()
    scale = scale.resolved()
    seed(demo=False)
    db.session.flush()
    world = World(scale=scale, rng=random.Random(scale.seed))
    sink = Sink(db.session.connection(), db.metadata)
    procurement.load_reference(world)
    steps = ((people.add_municipalities, "kommuner"), (people.add_users, "användare"),
             (procurement.add_providers, "utförare"), (procurement.add_agreements, "avtal"),
             (procurement.add_assessments, "bedömningar"), (money.add_budgets, "budgetar"),
             (cases.add_placements, "placeringar med rapporter, ekonomi och bevakningar"),
             (events.add_audit_events, "granskningslogg"))
    for step, label in steps:
        say(f"Skapar {label} …")
        step(world, sink)
        sink.flush()
    sink.finish()
    say("Uppdaterar databasens statistik (ANALYZE) …")
    db.session.execute(text("ANALYZE"))
    return dict(sorted(sink.counts.items()))


def _refuse():
    if current_settings().production:
        raise GenerateRefused("Syntetiska data skapas aldrig i produktion.")
    if db.session.scalar(select(func.count()).select_from(Provider)):
        raise GenerateRefused("Databasen innehåller redan utförare; generera i en tom, "
                              "migrerad databas.")
