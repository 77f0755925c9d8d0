"""The inbox: who sees which alert, acknowledge, snooze, reopen, resolved ones, the menu count."""

from datetime import date

import pytest
from sqlalchemy import select

from registry.agreements.models import agreement_parties
from registry.alerts.models import Alert
from registry.core.audit import AuditEvent
from registry.extensions import db
from registry.municipalities.models import Municipality
from tests import factories
from tests.conftest import counted, post
from tests.dashboard.test_layout import assert_accessible_basics

TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _today(clock):
    clock(TODAY)


def _municipality(slug):
    return db.session.scalar(select(Municipality).where(Municipality.slug == slug))


def _case_alert(slug, reference=None, **values):
    placement = factories.placement(_municipality(slug),
                                    case_reference=reference or f"ALERT-{slug}")
    defaults = {"rule": "plan_missing", "subject_type": "placement", "subject_id": placement.id,
                "municipality_id": placement.municipality_id, "audience": "case_officer",
                "due_date": date(2026, 11, 1)}
    return factories.alert(**{**defaults, **values})


def _agreement_alert(lead_slug, party_slugs=(), **values):
    agreement = factories.agreement(lead=_municipality(lead_slug))
    for slug in party_slugs:
        db.session.execute(agreement_parties.insert().values(
            agreement_id=agreement.id, municipality_id=_municipality(slug).id))
    defaults = {"rule": "agreement_expiring", "subject_type": "agreement",
                "subject_id": agreement.id, "municipality_id": None, "audience": "purchaser",
                "due_date": date(2027, 1, 31)}
    return factories.alert(**{**defaults, **values}), agreement


def _inbox(client, view="open"):
    response = client.get(f"/alerts/?visa={view}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_case_officer_sees_the_own_municipality_only(login_as):
    _case_alert("solna")
    _case_alert("jarfalla")
    html = _inbox(login_as("case_officer", "solna"))
    assert "ALERT-solna" in html
    assert "ALERT-jarfalla" not in html
    assert "Genomförandeplan saknas" in html


def test_other_roles_do_not_see_case_officer_alerts(login_as):
    _case_alert("solna")
    for who in (("purchaser", "solna"), ("finance", "solna"),
                  ("coordinator",), ("admin",)):
        assert "ALERT-solna" not in _inbox(login_as(who)), who


def test_provider_alerts_reach_every_municipality_s_purchasers(login_as):
    provider = factories.provider(legal_name="Larmtest Utförare AB")
    factories.alert(rule="permit_expiring", subject_type="provider", subject_id=provider.id,
                    municipality_id=None, audience="purchaser")
    for who in (("purchaser", "solna"), ("purchaser", "ekero")):
        assert "Larmtest Utförare AB" in _inbox(login_as(who)), who
    assert "Larmtest Utförare AB" not in _inbox(login_as("case_officer", "solna"))


def test_agreement_alerts_reach_only_purchasers_of_party_municipalities(login_as):
    _, agreement = _agreement_alert("solna", ["sigtuna"])
    assert agreement.reference in _inbox(login_as("purchaser", "solna"))
    assert agreement.reference in _inbox(login_as("purchaser", "sigtuna"))
    assert agreement.reference not in _inbox(login_as("purchaser", "ekero"))


def test_ceiling_alerts_reach_purchasers_and_finance_of_the_parties(login_as):
    _, agreement = _agreement_alert("solna", rule="ceiling_reached",
                                    audience="purchaser_finance")
    assert agreement.reference in _inbox(login_as("purchaser", "solna"))
    assert agreement.reference in _inbox(login_as("finance", "solna"))
    assert agreement.reference not in _inbox(login_as("finance", "ekero"))
    assert agreement.reference not in _inbox(login_as("case_officer", "solna"))


def test_newest_due_date_comes_first(login_as):
    _case_alert("solna", "ALERT-old", due_date=date(2026, 10, 1), rule="report_missing")
    _case_alert("solna", "ALERT-new", due_date=date(2026, 11, 10), rule="follow_up_due")
    html = _inbox(login_as("case_officer", "solna"))
    assert html.index("2026-11-10") < html.index("2026-10-01")


def test_the_menu_shows_the_open_count(login_as):
    client = login_as("case_officer", "solna")
    _case_alert("solna")
    html = client.get("/").get_data(as_text=True)
    count = db.session.scalar(select(db.func.count()).select_from(Alert).where(
        Alert.municipality_id == _municipality("solna").id, Alert.audience == "case_officer",
        Alert.status == "open"))
    assert f"Bevakningar ({count})" in html


def test_acknowledge_moves_the_alert_and_is_audited(login_as):
    alert = _case_alert("solna")
    client = login_as("case_officer", "solna")
    response = post(client, f"/alerts/{alert.id}/acknowledge", {}, token_from="/alerts/")
    assert response.status_code == 302
    db.session.refresh(alert)
    assert alert.status == "acknowledged" and alert.acknowledged_by_id is not None
    assert "ALERT-solna" in _inbox(client, "acknowledged")
    assert "ALERT-solna" not in _inbox(client, "open")
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.entity == "alerts", AuditEvent.entity_id == alert.id))
    assert event.action == "update" and event.changes["status"]["after"] == "acknowledged"


def test_reopen_puts_it_back_among_the_open(login_as):
    alert = _case_alert("solna", status="acknowledged")
    client = login_as("case_officer", "solna")
    assert post(client, f"/alerts/{alert.id}/reopen", {}, "/alerts/").status_code == 302
    db.session.refresh(alert)
    assert alert.status == "open"


def test_another_municipality_s_alert_is_a_404(login_as):
    alert = _case_alert("jarfalla")
    client = login_as("case_officer", "solna")
    assert post(client, f"/alerts/{alert.id}/acknowledge", {}, "/alerts/").status_code == 404
    assert client.get(f"/alerts/{alert.id}/snooze").status_code == 404
    db.session.refresh(alert)
    assert alert.status == "open"


def test_snooze_until_a_day_hides_the_alert_until_then(login_as, clock):
    """On the chosen day the alert is open again (even before the morning run)."""
    alert = _case_alert("solna")
    client = login_as("case_officer", "solna")
    response = post(client, f"/alerts/{alert.id}/snooze", {"until": "2026-12-01"},
                    f"/alerts/{alert.id}/snooze")
    assert response.status_code == 302
    db.session.refresh(alert)
    assert (alert.status, alert.snoozed_until) == ("snoozed", date(2026, 12, 1))
    assert "ALERT-solna" not in _inbox(client, "open")
    assert "ALERT-solna" in _inbox(client, "snoozed")
    clock(date(2026, 12, 1))
    assert "ALERT-solna" in _inbox(login_as("case_officer", "solna"), "open")


@pytest.mark.parametrize(("value", "message"), [
    ("2026-11-22", "Välj ett datum efter i dag."),
    ("2028-01-01", "En bevakning kan pausas högst ett år."),
    ("i morgon", "Ange datum som ÅÅÅÅ-MM-DD."),
    ("", "Välj ett datum."),
])
def test_a_bad_snooze_date_is_refused_next_to_the_field(login_as, value, message):
    alert = _case_alert("solna")
    client = login_as("case_officer", "solna")
    response = post(client, f"/alerts/{alert.id}/snooze", {"until": value},
                    f"/alerts/{alert.id}/snooze")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'aria-describedby="until-hint until-error"' in html
    assert f'value="{value}"' in html
    assert message in html
    db.session.refresh(alert)
    assert alert.status == "open"


def test_resolved_alerts_are_listed_apart(login_as):
    _case_alert("solna", status="resolved")
    client = login_as("case_officer", "solna")
    assert "ALERT-solna" in _inbox(client, "resolved")
    assert "ALERT-solna" not in _inbox(client, "open")
    assert "Kvittera<span" not in _inbox(client, "resolved")


def test_a_role_without_alerts_is_told_so(login_as):
    assert "Din roll får inga" in _inbox(login_as("coordinator"))


def test_the_alert_pages_pass_the_accessibility_basics(login_as):
    alert = _case_alert("solna")
    client = login_as("case_officer", "solna")
    for path in ("/alerts/", "/alerts/?visa=resolved", f"/alerts/{alert.id}/snooze"):
        assert_accessible_basics(client.get(path).get_data(as_text=True), path)
    refused = post(client, f"/alerts/{alert.id}/snooze", {"until": ""},
                   f"/alerts/{alert.id}/snooze")
    assert_accessible_basics(refused.get_data(as_text=True), "snooze with an error")
    admin = login_as("admin")
    for path in ("/alerts/", "/alerts/jobs"):
        assert_accessible_basics(admin.get(path).get_data(as_text=True), path)


def test_the_inbox_reads_the_same_number_of_statements_for_many_alerts(login_as):
    client = login_as("case_officer", "solna")
    _case_alert("solna", "ALERT-1")
    with counted() as few:
        _inbox(client)
    for n in range(2, 12):
        _case_alert("solna", f"ALERT-{n}", rule="report_missing",
                    due_date=date(2026, 1, n))
    deviation_placement = factories.placement(_municipality("solna"))
    factories.alert(rule="deviation_open", subject_type="deviation", subject_id=999_999,
                    municipality_id=deviation_placement.municipality_id,
                    audience="case_officer")
    with counted() as many:
        _inbox(client)
    assert len(many) <= len(few) + 1  # one more subject type on the page
