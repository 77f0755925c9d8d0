"""API test helpers: a bearer token for a user, and a placement of a municipality."""

from datetime import date

from sqlalchemy import select

from registry.auth.models import User
from registry.auth.tokens import create_token
from registry.extensions import db
from tests import factories

MISSING_ID = 987654321


def user(who):
    """Return a user: `factories.staff(*who)` for a (role, municipality) tuple, else by e-mail."""
    if isinstance(who, tuple):
        return factories.staff(*who)
    return db.session.scalar(select(User).where(User.email == who))


def bearer(who):
    """Return the Authorization header of a fresh token for a user.

    `who` is a User, a (role, municipality) tuple meaning `factories.staff`, or a demo e-mail.
    """
    _token, plain = create_token(who if isinstance(who, User) else user(who), "test")
    return {"Authorization": f"Bearer {plain}"}


def placement_of(slug, running=True):
    """Return a new placement of the municipality (running, or ended when not `running`)
    with a provider report for its first month."""
    ended = {} if running else {"end_date": date(2026, 3, 1), "end_reason": "completed_as_planned"}
    return factories.placement_with_reports(slug, months=[date(2026, 1, 1)],
                                            start_date=date(2026, 1, 15), **ended)
