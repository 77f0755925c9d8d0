"""API test helpers: a bearer token for a user, and the rows a test needs from the demo data."""

from sqlalchemy import select

from registry.auth.models import User
from registry.auth.tokens import create_token
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.placements.models import Placement
from tests import factories

MISSING_ID = 987654321


def user(email):
    return db.session.scalar(select(User).where(User.email == email))


def bearer(who):
    """Return the Authorization header of a fresh token for a user.

    `who` is a User, a (role, municipality) tuple meaning `factories.staff`, or a demo e-mail.
    """
    if isinstance(who, tuple):
        who = factories.staff(*who)
    _token, plain = create_token(user(who) if isinstance(who, str) else who, "test")
    return {"Authorization": f"Bearer {plain}"}


def placement_of(slug, running=True):
    """Return a demo placement of the municipality (a running one by default)."""
    query = (select(Placement).join(Municipality, Placement.municipality_id == Municipality.id)
             .where(Municipality.slug == slug).order_by(Placement.id))
    if running:
        query = query.where(Placement.end_date.is_(None))
    return db.session.scalars(query).first()
