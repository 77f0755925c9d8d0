"""Throttling that cannot be turned against users and holds across workers (checklist U11):
attempts on a locked account do not extend the lock, and the per-address limit is counted
in the database, so two app instances (two workers) share it."""

from datetime import date, timedelta

import pytest
from flask_migrate import upgrade

from registry.auth.services import create_user
from registry.auth.throttle import address_key
from registry.extensions import db
from tests import factories
from tests.conftest import csrf_token, login, make_app

EMAIL = "handlaggare.throttle@test.invalid"
SPRAYER = {"REMOTE_ADDR": "203.0.113.9"}
NEIGHBOUR = {"REMOTE_ADDR": "198.51.100.20"}


@pytest.fixture
def account(_isolated):
    return factories.user("case_officer", "solna", email=EMAIL)


def _attempt(client, email, password="wrong-password-x", environ=None):
    token = csrf_token(client)
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": token}, environ_base=environ or {})


@pytest.mark.checklist("U11")
@pytest.mark.usefixtures("account")
def test_attempts_on_a_locked_account_do_not_extend_the_lock(app, clock, time_machine):
    """10 failures lock the account; 20 more attempts while it is locked change nothing:
    it opens 15 minutes after the lock began."""
    clock(date(2026, 3, 10))
    client = app.test_client()
    for _ in range(10):
        assert _attempt(client, EMAIL).status_code == 200
    for _ in range(20):
        time_machine.shift(timedelta(seconds=44))  # 20 × 44 s = 14 min 40 s
        assert _attempt(client, EMAIL).status_code == 429
    time_machine.shift(timedelta(seconds=19))  # 14 min 59 s after the lock began
    assert login(app.test_client(), EMAIL).status_code == 429
    time_machine.shift(timedelta(seconds=1))
    assert login(app.test_client(), EMAIL).status_code == 302


@pytest.mark.checklist("U11")
@pytest.mark.no_db
def test_the_address_limit_holds_across_two_app_instances(tmp_path, clock):
    """Two app instances (two workers), each with its own engine over one database file:
    spraying 40 accounts from one address over both, the 31st attempt is refused whichever
    worker it reaches; another address still logs in."""
    clock(date(2026, 3, 10))
    url = f"sqlite:///{tmp_path / 'workers.sqlite3'}"
    first, second = make_app(url), make_app(url)
    with first.app_context():
        upgrade(directory=first.extensions["migrate"].directory)
        create_user(EMAIL, "Samordnare", factories.PASSWORD, ["coordinator"])
        db.session.commit()
    workers = [first.test_client(), second.test_client()]
    answers = [_attempt(workers[n % 2], f"person{n}@test.invalid", environ=SPRAYER)
               for n in range(40)]
    assert [a.status_code for a in answers[:30]] == [200] * 30
    assert [a.status_code for a in answers[30:]] == [429] * 10
    assert "från din nätverksadress" in answers[-1].get_data(as_text=True)
    assert _attempt(second.test_client(), EMAIL, factories.PASSWORD,
                    NEIGHBOUR).status_code == 302
    for application in (first, second):
        with application.app_context():
            db.engine.dispose()


@pytest.mark.usefixtures("account")
def test_the_address_limit_ends_with_its_window(app, clock, time_machine):
    clock(date(2026, 3, 10))
    client = app.test_client()
    for n in range(30):
        _attempt(client, f"person{n}@test.invalid", environ=SPRAYER)
    assert _attempt(client, EMAIL, factories.PASSWORD, SPRAYER).status_code == 429
    time_machine.shift(timedelta(minutes=10))
    assert _attempt(client, EMAIL, factories.PASSWORD, SPRAYER).status_code == 302


@pytest.mark.usefixtures("account")
def test_successful_logins_from_one_address_are_not_counted(app):
    """A municipality's staff behind one address may log in any number of times."""
    for _ in range(35):
        assert _attempt(app.test_client(), EMAIL, factories.PASSWORD, SPRAYER).status_code == 302


@pytest.mark.parametrize(("ip", "key"), [
    ("192.0.2.7", "192.0.2.7"),
    ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),
    ("::ffff:192.0.2.7", "192.0.2.7"),
    ("", None), (None, None), ("not-an-address", None),
])
def test_an_ipv6_client_counts_by_its_64(ip, key):
    assert address_key(ip) == key
