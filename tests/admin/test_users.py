"""The administrator creates and deactivates users; bad input is explained in Swedish."""

from sqlalchemy import select

from registry.auth.models import User
from registry.core.audit import AuditEvent
from registry.extensions import db
from registry.municipalities.models import Municipality
from tests import factories
from tests.conftest import login, post

ADMIN = ("admin",)


def _municipality_id(slug):
    return db.session.scalar(select(Municipality.id).where(Municipality.slug == slug))


def test_admin_creates_a_case_officer(login_as):
    client = login_as(ADMIN)
    response = post(client, "/admin/anvandare/ny", {
        "email": "Ny.Handlaggare@test.invalid", "display_name": "Demo Ny Handläggare",
        "municipality": str(_municipality_id("solna")), "roles": ["case_officer"],
        "password": "ett tillräckligt långt lösenord"}, token_from="/admin/anvandare/ny")
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "ny.handlaggare@test.invalid"))
    assert user.municipality.slug == "solna"
    assert {r.value for r in user.roles} == {"case_officer"}
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.entity == "user",
                                                      AuditEvent.entity_id == user.id,
                                                      AuditEvent.action == "create"))


def test_bad_input_keeps_what_was_typed_and_says_why(login_as):
    existing = factories.user("case_officer", "solna").email
    client = login_as(ADMIN)
    before = db.session.scalars(select(User.id)).all()
    response = post(client, "/admin/anvandare/ny", {
        "email": existing, "display_name": "Demo Dubblett",
        "municipality": "", "roles": ["case_officer"], "password": "kort"},
        token_from="/admin/anvandare/ny")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Det finns redan en användare med den e-postadressen." in html
    assert 'value="Demo Dubblett"' in html
    assert f'value="{existing}"' in html
    assert 'aria-invalid="true"' in html
    assert db.session.scalars(select(User.id)).all() == before


def test_roles_are_required_and_case_roles_need_a_municipality(login_as):
    client = login_as(ADMIN)
    response = post(client, "/admin/anvandare/ny", {
        "email": "x@test.invalid", "display_name": "Demo X", "municipality": "",
        "password": "ett tillräckligt långt lösenord"}, token_from="/admin/anvandare/ny")
    assert "Välj minst en roll." in response.get_data(as_text=True)
    response = post(client, "/admin/anvandare/ny", {
        "email": "x@test.invalid", "display_name": "Demo X", "municipality": "",
        "roles": ["finance"], "password": "ett tillräckligt långt lösenord"},
        token_from="/admin/anvandare/ny")
    assert "måste tillhöra en kommun" in response.get_data(as_text=True)


def test_deactivation_ends_the_users_sessions(app, login_as):
    user = factories.user("purchaser", "ekero")
    victim = app.test_client()
    login(victim, user.email)
    assert victim.get("/").status_code == 200
    admin = login_as(ADMIN)
    response = post(admin, f"/admin/anvandare/{user.id}/aktiv", {}, token_from="/admin/anvandare")
    assert response.status_code == 302
    assert victim.get("/").status_code == 302
    assert login(app.test_client(), user.email).status_code == 200


def test_non_admin_is_refused_and_the_refusal_is_logged(login_as):
    client = login_as("purchaser", "solna")
    assert client.get("/admin/anvandare").status_code == 403
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "denied"))


def test_audit_log_lists_and_filters_events(login_as):
    officer = login_as("case_officer", "solna").user.email
    client = login_as(ADMIN)
    html = client.get("/admin/logg?action=login").get_data(as_text=True)
    assert "Loggkontroll" in html
    assert officer in html
    html = client.get("/admin/logg?action=export").get_data(as_text=True)
    assert officer not in html
