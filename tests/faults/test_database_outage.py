"""The database goes away under a running app and comes back (checklist H4, PostgreSQL).

The app is built once against the throw-away cluster; the cluster is stopped and started
under it. Pages and /healthz answer 503 in Swedish without a trace, a save during the outage
or cut off in the middle leaves nothing behind, and the next request after the restart is
200 from the same app (pool_pre_ping replaces the dead connections).
"""

import logging

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from registry.core.audit import AuditEvent
from registry.core.dates import today
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.placements.models import Deviation, Placement
from tests.conftest import csrf_token, login, make_app
from tests.faults.conftest import postgres_only

pytestmark = [*postgres_only, pytest.mark.checklist("H4")]

OFFICER = "case_officer.solna@demo.invalid"
DOWN = "Registret kan inte nå sin databas"
LEAKS = ("Traceback", "OperationalError", "psycopg", "sqlalchemy", ".py")


@pytest.fixture
def live(fault_database):
    """(app, client logged in as a Solna case officer, a running Solna placement id)."""
    application = make_app(fault_database)
    client = application.test_client()
    assert login(client, OFFICER).status_code == 302
    with application.app_context():
        placement_id = db.session.scalar(
            select(Placement.id).join(Municipality).where(
                Municipality.slug == "solna", Placement.end_date.is_(None),
                Placement.start_date < today()).order_by(Placement.id).limit(1))
    assert placement_id, "the demo data has a running placement in Solna"
    yield application, client, placement_id
    with application.app_context():
        db.engine.dispose()


def _assert_swedish_503(response):
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert DOWN in html and 'lang="sv"' in html
    assert not [leak for leak in LEAKS if leak in html]


def test_pages_answer_503_in_swedish_and_the_same_app_recovers(cluster, live, caplog):
    application, client, _placement = live
    assert client.get("/placements/").status_code == 200
    cluster.stop("fast")
    try:
        with caplog.at_level(logging.WARNING):
            _assert_swedish_503(client.get("/placements/"))
            _assert_swedish_503(client.get("/"))
            assert client.get("/healthz").status_code == 503
            health = application.test_client().get("/healthz")  # a load balancer: no cookie
        assert health.status_code == 503
        assert health.get_json() == {"status": "unavailable", "database": "unreachable"}
        assert "database unavailable" in caplog.text
        assert not [record for record in caplog.records if record.exc_info]  # no trace logged
    finally:
        cluster.start()
    listing = client.get("/placements/")  # same app, same pool, same login
    assert listing.status_code == 200
    assert "Placeringar" in listing.get_data(as_text=True)
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}
    with application.app_context():
        assert db.engine.pool._pre_ping is True


def _deviation_form(client, path):
    on = today().isoformat()
    return {"occurred_on": on, "kind": "non_participation", "reported_by": "provider",
            "description": "Uteblev från samtal.", "meeting_on": on, "decision": "end",
            "decided_on": on, "end_date": on, "csrf_token": csrf_token(client, path)}


def _stored(application, placement_id):
    """What a deviation that ends the placement would change: three kinds of rows."""
    with application.app_context():
        return (db.session.scalar(select(func.count(Deviation.id)).where(
                    Deviation.placement_id == placement_id)),
                db.session.get(Placement, placement_id).end_date,
                db.session.scalar(select(func.count(AuditEvent.id))))


def test_a_save_while_the_database_is_down_is_a_503(cluster, live):
    application, client, placement_id = live
    path = f"/placements/{placement_id}/avvikelser/ny"
    form = _deviation_form(client, path)
    before = _stored(application, placement_id)
    cluster.stop("fast")
    try:
        _assert_swedish_503(client.post(path, data=form))
    finally:
        cluster.start()
    assert _stored(application, placement_id) == before


def test_a_save_cut_off_before_its_commit_leaves_nothing_half_written(cluster, live):
    """The deviation, the placement's end and their audit rows are written, then the
    database stops before COMMIT: after the restart none of them is there."""
    application, client, placement_id = live
    path = f"/placements/{placement_id}/avvikelser/ny"
    form = _deviation_form(client, path)
    before = _stored(application, placement_id)
    seen = []

    def cut_off(session):
        session.flush()  # every statement of the save reaches the database ...
        seen.append(session.scalar(select(func.count(Deviation.id)).where(
            Deviation.placement_id == placement_id)))
        cluster.stop("fast")  # ... and the database goes down before COMMIT

    event.listen(Session, "before_commit", cut_off, once=True)
    try:
        _assert_swedish_503(client.post(path, data=form))
    finally:
        if event.contains(Session, "before_commit", cut_off):
            event.remove(Session, "before_commit", cut_off)
        cluster.ensure_running()
    assert seen == [before[0] + 1], "the save was written inside its transaction"
    assert _stored(application, placement_id) == before
    follow = client.post(path, data=_deviation_form(client, path))  # and it can be saved now
    assert follow.status_code == 302
    assert _stored(application, placement_id)[0] == before[0] + 1
