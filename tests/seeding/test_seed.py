"""seed(): reference data, demo users, and running it again creating nothing."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from registry.auth.models import User
from registry.auth.passwords import verify_password
from registry.core.dates import today
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.providers.models import ServiceType
from registry.quality.models import ChecklistTemplate
from registry.seeding import seed
from registry.seeding.context import DEMO_KINDS, REFERENCE_KINDS
from tests.conftest import DEMO_PASSWORD

SLUGS = ["ekero", "jarfalla", "sigtuna", "sollentuna", "solna", "sundbyberg", "upplands-bro",
         "upplands-vasby"]
MUNICIPALITIES = {
    "ekero": ("Ekerö", "0125", "LPO Vällingby"),
    "jarfalla": ("Järfälla", "0123", "LPO Järfälla"),
    "sigtuna": ("Sigtuna", "0191", "LPO Sollentuna"),
    "sollentuna": ("Sollentuna", "0163", "LPO Sollentuna"),
    "solna": ("Solna", "0184", "LPO Solna"),
    "sundbyberg": ("Sundbyberg", "0183", "LPO Solna"),
    "upplands-bro": ("Upplands-Bro", "0139", "LPO Järfälla"),
    "upplands-vasby": ("Upplands Väsby", "0114", "LPO Sollentuna"),
}


def table_counts():
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def test_running_demo_seed_again_creates_nothing():
    before = table_counts()
    counts = seed(demo=True)
    assert set(counts) == set(REFERENCE_KINDS + DEMO_KINDS)
    assert sum(counts.values()) == 0, counts
    assert table_counts() == before


def test_running_on_a_later_day_creates_nothing_but_next_years_budget():
    """Relative dates move with the seed day; natural keys must not."""
    later = today() + timedelta(days=45)
    counts = seed(demo=True, as_of=later)
    budgets = counts.pop("budgets")
    assert sum(counts.values()) == 0, counts
    assert budgets == 0 or later.year != today().year


def test_reference_only_seed_reports_reference_kinds():
    assert seed(demo=False) == {kind: 0 for kind in REFERENCE_KINDS}


def test_the_eight_municipalities():
    rows = db.session.scalars(select(Municipality)).all()
    assert {m.slug: (m.name, m.scb_code, m.lpo) for m in rows} == MUNICIPALITIES
    limits = {m.slug: m.youth_age_limit for m in rows}
    assert limits.pop("jarfalla") == 21
    assert set(limits.values()) == {20}
    assert {m.initial_period_months for m in rows} == {6}


def test_service_types_with_units_and_permits():
    types = {t.code: t for t in db.session.scalars(select(ServiceType))}
    assert len(types) == 7
    assert {code for code, t in types.items() if t.requires_permit} == {"hvb", "stodboende"}
    assert types["skyddat_boende"].unit == "day" and types["skyddat_boende"].residential
    assert types["oppenvard_program"].unit == "programme"
    assert types["samtalsstod"].unit == "hour"
    assert sorted(t.position for t in types.values()) == list(range(1, 8))


def test_checklist_template_is_published_and_labelled_derived():
    template = db.session.scalar(select(ChecklistTemplate).filter_by(
        family="nordvast-kvalitet", version_number=1))
    assert template.status == "published" and template.published_at is not None
    codes = [i.code for i in template.indicators]
    assert codes == [f"Q{n}" for n in range(1, 30)]
    assert len({i.section for i in template.indicators}) == 6
    assert {i.code for i in template.indicators if i.critical} == {"Q1", "Q2", "Q7", "Q22",
                                                                    "Q27"}
    assert all(i.text and i.grounding.startswith(("R ", "H ")) for i in template.indicators)
    assert "härledd" in template.provenance.lower()
    assert "INTE Sollentunas egen checklista" in template.provenance


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("role", ["purchaser", "case_officer", "finance"])
def test_demo_user_per_role_and_municipality(role, slug):
    user = db.session.scalar(select(User).where(User.email == f"{role}.{slug}@demo.invalid"))
    assert user is not None and user.active
    assert {r.value for r in user.roles} == {role}
    assert user.municipality.slug == slug
    assert user.display_name.startswith("Demo ")
    assert user.municipality.name in user.display_name


@pytest.mark.parametrize("email,role", [("coordinator@demo.invalid", "coordinator"),
                                        ("admin@demo.invalid", "admin")])
def test_global_demo_users_have_no_municipality(email, role):
    user = db.session.scalar(select(User).where(User.email == email))
    assert {r.value for r in user.roles} == {role}
    assert user.municipality_id is None


def test_demo_users_use_the_demo_password():
    user = db.session.scalar(select(User).where(User.email == "finance.solna@demo.invalid"))
    assert verify_password(user.password_hash, DEMO_PASSWORD)[0]
    assert db.session.scalar(select(func.count()).select_from(User)
                             .where(User.email.like("%@demo.invalid"))) == 26
