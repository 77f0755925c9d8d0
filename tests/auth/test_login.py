"""Login, logout, throttling and session lifetime, through the real pages."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from registry.auth.models import LoginFailure, User
from registry.core.audit import AuditEvent
from registry.extensions import db
from tests import factories
from tests.conftest import DEMO_PASSWORD, csrf_token, login, make_app, post
from tests.factories import PASSWORD

SOLNA_CASE_OFFICER = "handlaggare.solna@test.invalid"
JARFALLA_CASE_OFFICER = "handlaggare.jarfalla@test.invalid"
SEEDED_CASE_OFFICER = "case_officer.solna@demo.invalid"  # committed, seen by a second worker


@pytest.fixture(autouse=True)
def _accounts(request, _isolated):
    """Build the case officers the tests log in as, except for the test of two workers.

    A second app has its own connection and sees only committed rows; that test logs in
    as a seeded account instead.
    """
    if request.function.__name__ != "test_throttle_counts_failures_across_workers":
        factories.user("case_officer", "solna", email=SOLNA_CASE_OFFICER)
        factories.user("case_officer", "jarfalla", email=JARFALLA_CASE_OFFICER)


def _user(email):
    return db.session.scalar(select(User).where(User.email == email))


def test_login_lands_on_swedish_dashboard(client):
    response = login(client, SOLNA_CASE_OFFICER)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert 'lang="sv"' in page
    assert "Solna" in page
    assert "Logga ut" in page


def test_wrong_password_shows_generic_swedish_message_and_keeps_email(client):
    token = csrf_token(client)
    response = client.post("/login", data={"email": SOLNA_CASE_OFFICER, "password": "fel-lösenord",
                                           "csrf_token": token})
    html = response.get_data(as_text=True)
    assert "Fel e-postadress eller lösenord." in html
    assert f'value="{SOLNA_CASE_OFFICER}"' in html
    assert "fel-lösenord" not in html


@pytest.mark.checklist("U2")
def test_unknown_account_gets_the_same_message(client):
    token = csrf_token(client)
    response = client.post("/login", data={"email": "nobody@test.invalid",
                                           "password": "whatever1234", "csrf_token": token})
    assert "Fel e-postadress eller lösenord." in response.get_data(as_text=True)


def test_empty_and_malformed_input_get_field_messages(client):
    token = csrf_token(client)
    response = client.post("/login", data={"email": "inte-en-adress", "password": "",
                                           "csrf_token": token})
    html = response.get_data(as_text=True)
    assert "Ange en giltig e-postadress." in html
    assert "Fältet måste fyllas i." in html
    assert 'value="inte-en-adress"' in html


@pytest.mark.checklist("U8")
def test_login_without_csrf_token_is_refused(client):
    response = client.post("/login", data={"email": SOLNA_CASE_OFFICER, "password": PASSWORD})
    assert response.status_code == 400
    assert "Felaktig begäran" in response.get_data(as_text=True)


@pytest.mark.checklist("U1")
def test_password_is_stored_as_argon2id():
    assert _user(SOLNA_CASE_OFFICER).password_hash.startswith("$argon2id$")


@pytest.mark.checklist("U1")
def test_login_rehashes_when_parameters_change(app, client):
    user = _user(SOLNA_CASE_OFFICER)
    old_hash = user.password_hash
    app.config["REGISTRY"]["PASSWORD_HASH_TIME_COST"] = 2
    try:
        assert login(client, SOLNA_CASE_OFFICER).status_code == 302
    finally:
        app.config["REGISTRY"]["PASSWORD_HASH_TIME_COST"] = 1
    db.session.expire_all()
    assert _user(SOLNA_CASE_OFFICER).password_hash != old_hash


@pytest.mark.checklist("U5")
def test_session_is_cleared_at_login(client):
    with client.session_transaction() as sess:
        sess["planted"] = "by an attacker"
    login(client, SOLNA_CASE_OFFICER)
    with client.session_transaction() as sess:
        assert "planted" not in sess


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example",
                                    "javascript:alert(1)"])
@pytest.mark.checklist("U9")
def test_next_never_leaves_the_site(client, target):
    token = csrf_token(client)
    response = client.post(f"/login?next={target}", data={
        "email": SOLNA_CASE_OFFICER, "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ["/%0D%0AX-Injected:%201", "/profil%0A", "/%00", "/%09x"])
def test_control_characters_in_next_are_a_bad_request(client, target):
    token = csrf_token(client)
    assert client.get(f"/login?next={target}").status_code == 400
    response = client.post(f"/login?next={target}", data={
        "email": SOLNA_CASE_OFFICER, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 400
    assert "X-Injected" not in response.headers
    assert client.get("/profil").status_code == 302  # not logged in


def test_control_characters_in_next_are_a_bad_request_on_the_confirmation_page(client):
    login(client, SOLNA_CASE_OFFICER)
    path = "/bekrafta?next=/%0D%0AX-Injected:%201"
    assert client.get(path).status_code == 400
    response = client.post(path, data={"password": PASSWORD,
                                       "csrf_token": csrf_token(client, "/bekrafta")})
    assert response.status_code == 400 and "X-Injected" not in response.headers


@pytest.mark.checklist("U9")
def test_next_inside_the_site_is_followed(client):
    token = csrf_token(client)
    response = client.post("/login?next=/profil", data={
        "email": SOLNA_CASE_OFFICER, "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/profil"


@pytest.mark.checklist("U4")
def test_logout_ends_the_session_for_a_replayed_cookie(client):
    login(client, SOLNA_CASE_OFFICER)
    with client.session_transaction() as sess:
        stolen = dict(sess)
    assert post(client, "/logout", {}).status_code == 302
    with client.session_transaction() as sess:
        sess.update(stolen)
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.checklist("U4")
def test_deactivation_ends_existing_sessions(client):
    login(client, SOLNA_CASE_OFFICER)
    assert client.get("/").status_code == 200
    user = _user(SOLNA_CASE_OFFICER)
    user.active = False
    user.session_version += 1
    db.session.commit()
    assert client.get("/").status_code == 302


@pytest.mark.checklist("U6")
def test_idle_session_expires_after_thirty_minutes(client):
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        login(client, SOLNA_CASE_OFFICER)
        traveller.shift(timedelta(minutes=29))
        assert client.get("/").status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.checklist("U6")
def test_active_session_still_ends_after_twelve_hours(client):
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        login(client, SOLNA_CASE_OFFICER)
        for _ in range(71):
            traveller.shift(timedelta(minutes=10))
            assert client.get("/profil").status_code == 200
        traveller.shift(timedelta(minutes=11))
        assert client.get("/profil").status_code == 302


def _fail(client, email):
    token = csrf_token(client)
    return client.post("/login", data={"email": email, "password": "wrong-password-x",
                                       "csrf_token": token})


@pytest.mark.checklist("U2")
def test_throttle_counts_failures_across_workers(app, database_url):
    """Two app instances (two workers) share the count because it lives in the database."""
    other_worker = make_app(database_url)
    clients = [app.test_client(), other_worker.test_client()]
    for attempt in range(10):
        _fail(clients[attempt % 2], SEEDED_CASE_OFFICER)
    for worker_client in clients:
        token = csrf_token(worker_client)
        response = worker_client.post("/login", data={
            "email": SEEDED_CASE_OFFICER, "password": DEMO_PASSWORD, "csrf_token": token})
        assert response.status_code == 429
        assert "För många misslyckade inloggningar" in response.get_data(as_text=True)


@pytest.mark.checklist("U2")
def test_throttle_is_per_account(app):
    for _ in range(10):
        _fail(app.test_client(), SOLNA_CASE_OFFICER)
    other = app.test_client()
    assert login(other, JARFALLA_CASE_OFFICER).status_code == 302


def test_successful_login_clears_earlier_failures(client):
    for _ in range(3):
        _fail(client, SOLNA_CASE_OFFICER)
    login(client, SOLNA_CASE_OFFICER)
    count = db.session.scalar(select(func.count()).select_from(LoginFailure)
                              .where(LoginFailure.account_key == SOLNA_CASE_OFFICER))
    assert count == 0


def test_login_and_failed_login_are_audited_without_secrets(client):
    _fail(client, SOLNA_CASE_OFFICER)
    login(client, SOLNA_CASE_OFFICER)
    user = _user(SOLNA_CASE_OFFICER)
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.user_id == user.id)
                                .order_by(AuditEvent.id)).all()
    assert [e.action for e in events][-2:] == ["failed_login", "login"]
    assert all("password" not in str(e.changes or "") for e in events)


def test_expired_session_is_explained_once(client):
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        login(client, SOLNA_CASE_OFFICER)
        traveller.shift(timedelta(minutes=31))
        client.get("/")
        first = client.get("/login").get_data(as_text=True)
        second = client.get("/login").get_data(as_text=True)
    notice = "loggats ut"
    assert notice in first.lower()
    assert notice not in second.lower()
