"""A shared alert (about a provider or an agreement, for purchasers of several municipalities)
is acknowledged, snoozed and reopened per municipality: one municipality's purchaser never
silences it for the others."""

from datetime import date

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from registry.agreements.models import agreement_parties
from registry.alerts import queries, services
from registry.extensions import db
from tests import factories
from tests.alerts.conftest import alerts_for
from tests.conftest import make_app, post

TODAY = date(2026, 11, 22)
PROVIDER = "Delad Bevakning Utförare AB"


@pytest.fixture(autouse=True)
def _today(clock):
    clock(TODAY)  # the escalation test moves the clock on by itself


@pytest.fixture
def shared_alert():
    provider = factories.provider(legal_name=PROVIDER)
    return factories.alert(rule="permit_expiring", subject_type="provider",
                           subject_id=provider.id, municipality_id=None, audience="purchaser",
                           due_date=date(2026, 12, 15))


def _inbox(client, view="open"):
    response = client.get(f"/alerts/?visa={view}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_one_municipality_acknowledging_leaves_it_open_for_the_others(login_as, shared_alert):
    solna, ekero = login_as("purchaser", "solna"), login_as("purchaser", "ekero")
    response = post(solna, f"/alerts/{shared_alert.id}/acknowledge", {}, token_from="/alerts/")
    assert response.status_code == 302
    assert PROVIDER not in _inbox(solna, "open")
    assert PROVIDER in _inbox(solna, "acknowledged")
    ekero_open = _inbox(ekero, "open")
    assert PROVIDER in ekero_open and "Kvittera<span" in ekero_open
    assert PROVIDER not in _inbox(ekero, "acknowledged")
    assert queries.open_counts_by_rule(ekero.user, TODAY).get("permit_expiring") == 1
    assert queries.open_counts_by_rule(solna.user, TODAY).get("permit_expiring") is None
    assert post(ekero, f"/alerts/{shared_alert.id}/acknowledge", {},
                token_from="/alerts/").status_code == 302
    assert PROVIDER in _inbox(ekero, "acknowledged")


def test_a_snooze_or_a_reopen_is_one_municipality_s_own(login_as, shared_alert):
    solna, ekero = login_as("purchaser", "solna"), login_as("purchaser", "ekero")
    snoozed = post(solna, f"/alerts/{shared_alert.id}/snooze", {"until": "2026-12-01"},
                   f"/alerts/{shared_alert.id}/snooze")
    assert snoozed.status_code == 302
    assert PROVIDER in _inbox(solna, "snoozed") and PROVIDER not in _inbox(solna, "open")
    assert PROVIDER in _inbox(ekero, "open")
    post(ekero, f"/alerts/{shared_alert.id}/acknowledge", {}, token_from="/alerts/")
    assert post(solna, f"/alerts/{shared_alert.id}/reopen", {},
                "/alerts/").status_code == 302
    assert PROVIDER in _inbox(solna, "open")
    assert PROVIDER in _inbox(ekero, "acknowledged") and PROVIDER not in _inbox(ekero, "open")
    db.session.refresh(shared_alert)
    assert shared_alert.status == "open"  # the shared row itself is never acknowledged


def test_the_menu_count_of_the_other_municipality_still_counts_it(login_as, shared_alert):
    solna, ekero = login_as("purchaser", "solna"), login_as("purchaser", "ekero")
    before = queries.open_count(ekero.user, TODAY)
    post(solna, f"/alerts/{shared_alert.id}/acknowledge", {}, token_from="/alerts/")
    assert queries.open_count(ekero.user, TODAY) == before
    assert f"Bevakningar ({before})" in ekero.get("/").get_data(as_text=True)


def test_escalation_opens_it_again_for_every_municipality(run_on):
    """The morning run raises an agreement alert to a more urgent stage: a municipality that
    acknowledged the earlier stage sees it open again; a snooze ends on its day."""
    solna_user = factories.staff("purchaser", "solna")
    ekero_user = factories.staff("purchaser", "ekero")
    agreement = factories.agreement(lead=solna_user.municipality, start_date=date(2025, 7, 1),
                                    end_date=date(2027, 6, 30))
    db.session.execute(agreement_parties.insert().values(
        agreement_id=agreement.id, municipality_id=ekero_user.municipality_id))
    run_on(date(2027, 1, 1))
    alert = alerts_for("agreement_expiring", "agreement", agreement.id)[0]
    services.acknowledge(alert, solna_user)
    services.snooze(alert, date(2027, 2, 1), date(2027, 1, 1), ekero_user)
    assert _status(alert, solna_user, date(2027, 1, 1)) == "acknowledged"
    assert _status(alert, ekero_user, date(2027, 1, 1)) == "snoozed"
    run_on(date(2027, 2, 1))
    assert _status(alert, ekero_user, date(2027, 2, 1)) == "open"  # the snooze is over
    assert _status(alert, solna_user, date(2027, 2, 1)) == "acknowledged"
    services.snooze(alert, date(2027, 6, 1), date(2027, 2, 1), ekero_user)
    run_on(date(2027, 4, 1))  # 90 days left: warning
    assert _status(alert, solna_user, date(2027, 4, 1)) == "open"
    assert _status(alert, ekero_user, date(2027, 4, 1)) == "open"


def _status(alert, user, on):
    db.session.refresh(alert)
    return queries.states([alert], user, on)[alert.id].status


@pytest.mark.no_db
def test_migration_a13ack_keeps_an_acknowledgement_for_its_municipality_only(tmp_path):
    """A shared alert acknowledged before the change stays acknowledged for the purchaser's
    municipality and opens again for the others; a shared snooze (no one recorded) is lifted;
    a case data alert keeps its status."""
    application = make_app(f"sqlite:///{tmp_path / 'a13ack.sqlite3'}")
    directory = application.extensions["migrate"].directory
    with application.app_context():
        upgrade(directory=directory, revision="a13throttle")
        purchaser = factories.user("purchaser")
        db.session.commit()
        insert = text(
            "INSERT INTO alerts (rule, subject_type, subject_id, municipality_id, audience, "
            "due_date, severity, status, snoozed_until, created_at, acknowledged_at, "
            "acknowledged_by_id) VALUES (:rule, 'provider', 1, :town, 'purchaser', "
            "'2026-12-15', 'warning', :status, :until, '2026-11-22 05:30:00', :at, :by)")
        rows = [("permit_expiring", None, "acknowledged", None, "2026-11-22 08:00:00",
                 purchaser.id),
                ("assessment_due", None, "snoozed", "2026-12-01", None, None),
                ("plan_missing", purchaser.municipality_id, "acknowledged", None,
                 "2026-11-22 08:00:00", purchaser.id)]
        for rule, town, status, until, at, by in rows:
            db.session.execute(insert, {"rule": rule, "town": town, "status": status,
                                        "until": until, "at": at, "by": by})
        db.session.commit()
        upgrade(directory=directory)
        alerts = db.session.execute(text(
            "SELECT rule, status FROM alerts ORDER BY id")).all()
        assert [tuple(a) for a in alerts] == [("permit_expiring", "open"),
                                               ("assessment_due", "open"),
                                               ("plan_missing", "acknowledged")]
        kept = db.session.execute(text(
            "SELECT municipality_id, status, acknowledged_by_id FROM shared_alert_states")).all()
        assert [tuple(k) for k in kept] == [(purchaser.municipality_id, "acknowledged",
                                             purchaser.id)]
        db.session.remove()
        db.engine.dispose()
