"""The pages and API lists checked on generated data, and how to sign in to them."""

from sqlalchemy import func, select

from registry.auth import tokens
from registry.auth.models import User
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.placements.models import Placement
from tests.conftest import login

PAGES = (
    ("case_officer", "/"), ("case_officer", "/placements/"),
    ("case_officer", "/placements/?state="), ("case_officer", "/placements/mina"),
    ("case_officer", "/alerts/"), ("purchaser", "/"), ("purchaser", "/providers/"),
    ("purchaser", "/agreements/"), ("purchaser", "/quality/assessments"),
    ("purchaser", "/quality/compare"), ("purchaser", "/providers/compare"),
    ("finance", "/"), ("finance", "/finance/"), ("finance", "/finance/claims"),
    ("finance", "/finance/invoices"), ("finance", "/finance/budget"),
    ("coordinator", "/"), ("coordinator", "/statistik/placeringar-per-insatstyp"),
    ("admin", "/admin/logg"),
)
API_LISTS = (
    ("case_officer", "/api/v1/placements"), ("purchaser", "/api/v1/providers"),
    ("purchaser", "/api/v1/agreements"), ("purchaser", "/api/v1/price-items"),
    ("finance", "/api/v1/claims"),
)


def largest_municipality_slug():
    return db.session.scalar(
        select(Municipality.slug).join(Placement, Placement.municipality_id == Municipality.id)
        .group_by(Municipality.slug).order_by(func.count().desc(), Municipality.slug).limit(1))


def email(role, slug):
    return f"{role}@demo.invalid" if role in ("coordinator", "admin") \
        else f"{role}.{slug}@demo.invalid"


def signed_in(app, role, slug):
    """Return a (client, headers) pair: a logged-in client and an API bearer header."""
    client = app.test_client()
    assert login(client, email(role, slug)).status_code == 302
    user = db.session.scalar(select(User).where(User.email == email(role, slug)))
    _token, plain = tokens.create_token(user, "Test")
    db.session.commit()
    return client, {"Authorization": f"Bearer {plain}"}
