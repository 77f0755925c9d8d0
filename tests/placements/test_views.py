"""Placement pages: own municipality only, the same 404 for foreign and missing, audited."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from registry.core.audit import AuditEvent
from registry.core.dates import today
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.placements.models import Deviation, Placement
from tests import factories

SOLNA = ("case_officer", "solna")
MISSING_ID = 987654321


def _municipality(slug):
    return db.session.scalar(select(Municipality).where(Municipality.slug == slug))


def _placement(slug, **values):
    placement = factories.placement(municipality_=_municipality(slug), **values)
    db.session.commit()
    return placement


def _views_of(placement_id):
    query = select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "view", AuditEvent.entity == "placements",
        AuditEvent.entity_id == placement_id)
    return db.session.scalar(query)


def test_own_placement_is_shown_with_its_case_file(login_as):
    placement = _placement("solna", start_date=today() - timedelta(days=70),
                           police_definition_on=today() - timedelta(days=80))
    db.session.add(Deviation(placement_id=placement.id, municipality_id=placement.municipality_id,
                             occurred_on=today(), kind="new_crime", reported_by="police"))
    db.session.commit()
    response = login_as(SOLNA).get(f"/placements/{placement.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert placement.case_reference in html
    assert "Polisens kriterier för avhopparstöd" in html
    assert "Polisen bedömer att personen uppfyller definitionen" in html
    assert "Månadsrapporter" in html and "Saknas" in html
    assert "Nytt brott" in html and "Inget beslut" in html


def test_foreign_and_missing_ids_give_the_same_404(login_as):
    foreign = _placement("jarfalla")
    client = login_as(SOLNA)
    foreign_response = client.get(f"/placements/{foreign.id}")
    missing_response = client.get(f"/placements/{MISSING_ID}")
    assert foreign_response.status_code == missing_response.status_code == 404
    assert foreign_response.get_data() == missing_response.get_data()
    assert foreign.case_reference not in foreign_response.get_data(as_text=True)


def test_viewing_a_placement_writes_one_view_event(login_as):
    placement = _placement("solna")
    client = login_as(SOLNA)
    before = _views_of(placement.id)
    assert client.get(f"/placements/{placement.id}").status_code == 200
    assert _views_of(placement.id) == before + 1
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "view", AuditEvent.entity_id == placement.id)
        .order_by(AuditEvent.id.desc())).first()
    viewer = factories.staff(*SOLNA)
    assert event.user_id == viewer.id
    assert event.municipality_id == placement.municipality_id


def test_a_refused_view_writes_no_view_event(login_as):
    foreign = _placement("jarfalla")
    login_as(SOLNA).get(f"/placements/{foreign.id}")
    assert _views_of(foreign.id) == 0


def test_list_shows_only_the_own_municipality(login_as):
    own = _placement("solna", start_date=today() - timedelta(days=3))
    foreign = _placement("jarfalla", start_date=today() - timedelta(days=3))
    html = login_as(SOLNA).get("/placements/?state=active&q=TEST-").get_data(as_text=True)
    assert own.case_reference in html
    assert foreign.case_reference not in html


def test_list_state_filter(login_as):
    ended = _placement("solna", start_date=today() - timedelta(days=200),
                       end_date=today() - timedelta(days=5), end_reason="completed_as_planned")
    client = login_as(SOLNA)
    row = f">{ended.case_reference}</a>"
    assert row not in client.get(f"/placements/?q={ended.case_reference}").get_data(as_text=True)
    assert row in client.get(
        f"/placements/?state=ended&q={ended.case_reference}").get_data(as_text=True)


@pytest.mark.parametrize("who", [("finance", "solna"), ("purchaser", "solna")])
def test_finance_and_purchaser_may_not_open_placement_pages(login_as, who):
    placement = _placement("solna")
    client = login_as(who)
    assert client.get("/placements/").status_code == 403
    assert client.get(f"/placements/{placement.id}").status_code == 403


def test_the_database_holds_placements_of_both_municipalities():
    """Guard for the tests above: the demo data has Solna and Järfälla placements."""
    counts = dict(db.session.execute(
        select(Municipality.slug, func.count(Placement.id))
        .join(Placement, Placement.municipality_id == Municipality.id)
        .group_by(Municipality.slug)).all())
    assert counts.get("solna") and counts.get("jarfalla")
