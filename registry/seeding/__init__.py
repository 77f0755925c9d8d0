"""Seed data: reference data always, the demo data set on request.

    from registry.seeding import seed
    counts = seed(demo=True)   # flushes only; the caller commits

Every record is looked up by its natural key first, so running it again creates nothing
twice. The files live in seed/ (see seed/README.md).
"""

from datetime import date

from registry.core.dates import today
from registry.seeding.context import SeedContext, SeedCount
from registry.seeding.demo import SeedRefused, refuse_demo, seed_demo
from registry.seeding.files import SeedDataError
from registry.seeding.reference import seed_reference
from registry.seeding.users import demo_logins, demo_password

__all__ = ["SeedCount", "SeedDataError", "SeedRefused", "demo_logins", "refuse_demo", "seed"]


def seed(demo: bool = False, as_of: date | None = None) -> dict:
    """Create what is missing and return {kind: number created}.

    `demo` adds the demo data set (refused in production). `as_of` is the day the demo's
    relative dates count from (default: today in Stockholm).
    """
    if demo:
        refuse_demo()
        demo_password()
    ctx = SeedContext(today=as_of or today(), demo=demo)
    seed_reference(ctx)
    if demo:
        seed_demo(ctx)
    return ctx.result()
