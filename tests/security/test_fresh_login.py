"""Fresh login (U7): exports, user and role changes and claim decisions need a password
entered within REGISTRY_FRESH_LOGIN_MINUTES (15); a stale session confirms it and goes back.

The row's "log in through the remember cookie" does not apply: remember-me is off
(REMEMBER_COOKIE_DURATION 0), so a session grows stale by time; it is tested at 16 minutes.
"""

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from registry.auth.models import User
from registry.core.audit import AuditEvent
from registry.core.dates import today
from registry.extensions import db
from registry.finance.models import ReimbursementClaim
from tests import factories
from tests.conftest import csrf_token, login
from tests.factories import PASSWORD
from tests.finance import factories as money

pytestmark = pytest.mark.checklist("U7")

CONFIRM = "Bekräfta ditt lösenord"
EXPORTS = [
    (("case_officer", "solna"), "/placements/export?format=csv"),
    (("finance", "solna"), "/finance/export/claims.xlsx"),
    (("admin",), "/admin/logg/export?format=csv"),
]


@contextmanager
def _logged_in(app, who):
    """Yield (client, traveller): logged in at a frozen now, the clock movable."""
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        client = app.test_client()
        assert login(client, who).status_code == 302
        yield client, traveller


def _confirm(client, password=PASSWORD, next_path=None):
    path = "/bekrafta" + (f"?next={next_path}" if next_path else "")
    return client.post(path, data={"password": password, "csrf_token": csrf_token(client, path)})


def _is_download(response):
    return (response.status_code == 200
            and response.headers.get("Content-Disposition", "").startswith("attachment"))


@pytest.mark.parametrize(("who", "path"), EXPORTS)
def test_a_fresh_login_exports_at_once(app, who, path):
    with _logged_in(app, who) as (client, traveller):
        traveller.shift(timedelta(minutes=14))
        assert _is_download(client.get(path))


@pytest.mark.parametrize(("who", "path"), EXPORTS)
def test_a_stale_login_confirms_the_password_then_exports(app, who, path):
    with _logged_in(app, who) as (client, traveller):
        traveller.shift(timedelta(minutes=16))
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/bekrafta?next=")
        page = client.get(response.headers["Location"])
        assert CONFIRM in page.get_data(as_text=True)
        confirmed = client.post(response.headers["Location"], data={
            "password": PASSWORD, "csrf_token": csrf_token(client, "/bekrafta")})
        assert confirmed.status_code == 302
        assert confirmed.headers["Location"] == path
        assert _is_download(client.get(path))


def test_a_wrong_password_is_refused_in_swedish_and_audited(app):
    who, path = EXPORTS[0]
    with _logged_in(app, who) as (client, traveller):
        traveller.shift(timedelta(minutes=16))
        refused = _confirm(client, "fel-lösenord-123", next_path="/placements/")
        html = refused.get_data(as_text=True)
        assert refused.status_code == 422
        assert "Lösenordet stämmer inte." in html and "fel-lösenord-123" not in html
        assert client.get(path).status_code == 302  # still stale
    user = factories.staff(*who)
    last = db.session.scalars(select(AuditEvent).where(AuditEvent.user_id == user.id)
                              .order_by(AuditEvent.id.desc())).first()
    assert (last.action, last.entity_id, last.changes) == (
        "failed_login", user.id, {"reauthentication": True})


def test_confirmation_is_throttled_like_the_login(app):
    """Ten wrong passwords lock the account for the confirmation page and the login alike."""
    who = ("finance", "solna")
    with _logged_in(app, who) as (client, traveller):
        traveller.shift(timedelta(minutes=16))
        for _ in range(10):
            _confirm(client, "fel-lösenord-123")
        throttled = _confirm(client)
        assert throttled.status_code == 429
        assert "För många misslyckade inloggningar" in throttled.get_data(as_text=True)
        assert login(app.test_client(), who).status_code == 429


def test_the_confirmation_never_leaves_the_site(app):
    with _logged_in(app, EXPORTS[0][0]) as (client, traveller):
        traveller.shift(timedelta(minutes=16))
        response = _confirm(client, next_path="https://evil.example/")
    assert response.headers["Location"] == "/"


def _new_user_form(client):
    token = csrf_token(client, "/admin/anvandare")
    return {"email": "ny.handlaggare@test.invalid", "display_name": "Ny Handläggare",
            "municipality": "", "roles": ["admin"], "password": "ett-långt-startlösenord",
            "csrf_token": token}


def _user_count(email):
    return db.session.scalar(select(func.count()).select_from(User).where(User.email == email))


def test_user_creation_needs_a_fresh_login(app):
    with _logged_in(app, ("admin",)) as (client, traveller):
        traveller.shift(timedelta(minutes=16))
        form = _new_user_form(client)
        stale = client.post("/admin/anvandare/ny", data=form,
                            headers={"Referer": "http://localhost/admin/anvandare/ny"})
        assert stale.headers["Location"] == "/bekrafta?next=/admin/anvandare/ny"
        assert _user_count(form["email"]) == 0
        assert _confirm(client, next_path="/admin/anvandare/ny").status_code == 302
        assert client.post("/admin/anvandare/ny", data=form).status_code == 302
    assert _user_count(form["email"]) == 1


def test_deactivating_a_user_needs_a_fresh_login(app):
    target = factories.user("purchaser", "sigtuna")
    path = f"/admin/anvandare/{target.id}/aktiv"
    with _logged_in(app, ("admin",)) as (client, traveller):
        traveller.shift(timedelta(minutes=16))
        token = csrf_token(client, "/admin/anvandare")
        stale = client.post(path, data={"csrf_token": token},
                            headers={"Referer": "http://localhost/admin/anvandare"})
        assert stale.headers["Location"] == "/bekrafta?next=/admin/anvandare"
        db.session.expire_all()
        assert db.session.get(User, target.id).active is True
        _confirm(client, next_path="/admin/anvandare")
        assert client.post(path, data={"csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, target.id).active is False


def _decide(client, claim):
    path = f"/finance/claims/{claim.id}"
    data = {"decide-outcome": "approved", "decide-decided_on": today().isoformat(),
            "decide-approved_amount": "", "decide-version": claim.version,
            "decide-csrf_token": csrf_token(client, path)}
    return client.post(f"{path}/decide", data=data, headers={"Referer": f"http://localhost{path}"})


def test_a_claim_decision_needs_a_fresh_login(app):
    placement = money.placement()
    claim = money.claim(placement, placement.start_date, placement.start_date + timedelta(days=9),
                        4_500_000, status="submitted", submitted_on=today())
    db.session.commit()
    with _logged_in(app, ("finance", "solna")) as (client, traveller):
        traveller.shift(timedelta(minutes=16))
        stale = _decide(client, claim)
        assert stale.headers["Location"] == f"/bekrafta?next=/finance/claims/{claim.id}"
        db.session.expire_all()
        assert db.session.get(ReimbursementClaim, claim.id).status == "submitted"
        back = _confirm(client, next_path=f"/finance/claims/{claim.id}")
        assert back.headers["Location"] == f"/finance/claims/{claim.id}"
        assert _decide(client, claim).status_code == 302
    db.session.expire_all()
    assert db.session.get(ReimbursementClaim, claim.id).status == "approved"


def test_a_successful_confirmation_is_audited_as_a_login(app):
    who = ("admin",)
    with _logged_in(app, who) as (client, traveller):
        traveller.shift(timedelta(minutes=16))
        _confirm(client)
    user = factories.staff(*who)
    last = db.session.scalars(select(AuditEvent).where(AuditEvent.user_id == user.id)
                              .order_by(AuditEvent.id.desc())).first()
    assert (last.action, last.changes) == ("login", {"reauthentication": True})


def test_confirming_does_not_extend_the_absolute_session_limit(app):
    with _logged_in(app, ("admin",)) as (client, traveller):
        for _ in range(70):  # active every 10 minutes, so the idle limit never ends it
            traveller.shift(timedelta(minutes=10))
            assert client.get("/").status_code == 200
        assert _confirm(client).status_code == 302
        traveller.shift(timedelta(minutes=21))
        assert client.get("/").headers["Location"].startswith("/login")


def test_the_setting_defaults_to_15_minutes_and_is_validated():
    from registry.config import ConfigError, load_settings

    assert load_settings(environ={})["FRESH_LOGIN_MINUTES"] == 15
    assert load_settings(environ={"REGISTRY_FRESH_LOGIN_MINUTES": "5"})["FRESH_LOGIN_MINUTES"] == 5
    for bad in ("0", "721", "soon"):
        with pytest.raises(ConfigError, match="REGISTRY_FRESH_LOGIN_MINUTES"):
            load_settings(environ={"REGISTRY_FRESH_LOGIN_MINUTES": bad})
