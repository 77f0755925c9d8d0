"""Who may edit an agreement, the agreement form, and its providers, options and terms."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from registry.agreements.models import Agreement, AgreementTerm, ExtensionOption
from registry.agreements.permissions import can_edit_agreement
from registry.core.audit import AuditEvent
from registry.core.dates import today
from registry.extensions import db
from tests import factories
from tests.agreements.factories import municipality, option, party_agreement
from tests.conftest import post

PARTY = ("purchaser", "solna")
OUTSIDER = ("purchaser", "jarfalla")


def user(who):
    return factories.staff(*who)


def _agreement_form(agreement, **values):
    data = {"reference": agreement.reference, "title": agreement.title, "form": agreement.form,
            "lead_municipality_id": str(agreement.lead_municipality_id),
            "participant_ids": [str(m.id) for m in agreement.participants],
            "start_date": agreement.start_date.isoformat(),
            "end_date": agreement.end_date.isoformat(), "ceiling": "", "description": "",
            "version": str(agreement.version)}
    data.update(values)
    return data


def test_can_edit_agreement_means_purchaser_of_a_party():
    agreement = party_agreement(lead="solna", participants=["sigtuna"])
    assert can_edit_agreement(user(PARTY), agreement)
    assert can_edit_agreement(user(("purchaser", "sigtuna")), agreement)
    assert not can_edit_agreement(user(OUTSIDER), agreement)
    assert not can_edit_agreement(user(("case_officer", "solna")), agreement)
    assert not can_edit_agreement(user(("coordinator",)), agreement)


@pytest.mark.parametrize("page", ["edit", "terms", "options/new", "providers/new",
                                  "prices/new", "prices/import", "documents/new"])
def test_a_non_party_purchaser_gets_403_on_every_edit_page(login_as, page):
    agreement = party_agreement()
    db.session.commit()
    client = login_as(OUTSIDER)
    assert client.get(f"/agreements/{agreement.id}/{page}").status_code == 403
    assert login_as(PARTY).get(f"/agreements/{agreement.id}/{page}").status_code == 200


def test_a_non_party_purchaser_gets_403_on_a_form_post_and_nothing_changes(login_as):
    agreement = party_agreement(title="Orört avtal")
    db.session.commit()
    client = login_as(OUTSIDER)
    response = post(client, f"/agreements/{agreement.id}/edit",
                    _agreement_form(agreement, title="Kapat avtal"))
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Agreement, agreement.id).title == "Orört avtal"
    denied = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "denied", AuditEvent.user_id == user(OUTSIDER).id)).all()
    assert denied


def test_the_edit_link_shows_only_to_parties(login_as):
    agreement = party_agreement()
    db.session.commit()
    edit = f"/agreements/{agreement.id}/edit"
    assert edit in login_as(PARTY).get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert edit not in login_as(OUTSIDER).get(f"/agreements/{agreement.id}").get_data(
        as_text=True)


def test_a_purchaser_registers_an_agreement_of_their_own_municipality(login_as):
    client = login_as(PARTY)
    solna = municipality("solna")
    data = {"reference": "SLN-2026-0099", "title": "Nytt enskilt avtal",
            "form": "single_case", "lead_municipality_id": str(solna.id),
            "start_date": "2026-01-01", "end_date": "2026-12-31", "ceiling": "950 000",
            "description": ""}
    assert post(client, "/agreements/new", data, token_from="/agreements/new").status_code == 302
    agreement = db.session.scalar(select(Agreement).where(
        Agreement.reference == "SLN-2026-0099"))
    assert agreement.ceiling_ore == 95_000_000 and agreement.participants == [solna]


def test_an_agreement_without_the_users_municipality_is_refused(login_as):
    data = {"reference": "X-1", "title": "Någon annans", "form": "framework",
            "lead_municipality_id": str(municipality("ekero").id),
            "start_date": "2026-01-01", "end_date": "2026-12-31"}
    response = post(login_as(PARTY), "/agreements/new", data, token_from="/agreements/new")
    assert response.status_code == 422
    assert "Din kommun måste vara ansvarig eller deltagande" in response.get_data(as_text=True)


def test_dates_in_the_wrong_order_and_a_taken_reference_are_refused(login_as):
    agreement = party_agreement()
    db.session.commit()
    client = login_as(PARTY)
    path = f"/agreements/{agreement.id}/edit"
    response = post(client, path, _agreement_form(agreement, end_date="2025-01-01"))
    assert response.status_code == 422
    assert "Avtalet kan inte sluta innan det börjar." in response.get_data(as_text=True)
    other = party_agreement()
    db.session.commit()
    response = post(client, path, _agreement_form(agreement, reference=other.reference))
    assert response.status_code == 422
    assert f"Det finns redan ett avtal med diarienummer {other.reference}." in \
        response.get_data(as_text=True)


def test_an_edit_is_audited_and_a_second_stale_edit_is_409(login_as):
    agreement = party_agreement(title="Första titeln")
    db.session.commit()
    client = login_as(PARTY)
    path = f"/agreements/{agreement.id}/edit"
    form = _agreement_form(agreement, title="Andra titeln")
    assert post(client, path, form).status_code == 302
    assert post(client, path, {**form, "title": "Tredje titeln"}).status_code == 409
    db.session.expire_all()
    stored = db.session.get(Agreement, agreement.id)
    assert stored.title == "Andra titeln" and stored.version == 2
    update = db.session.scalar(select(AuditEvent).where(
        AuditEvent.entity == "agreement", AuditEvent.entity_id == agreement.id,
        AuditEvent.action == "update"))
    assert update.changes["title"] == {"before": "Första titeln", "after": "Andra titeln"}


def test_providers_are_added_with_a_unique_rank(login_as):
    first, second = factories.provider(), factories.provider()
    agreement = party_agreement(providers=[first])
    db.session.commit()
    client = login_as(PARTY)
    path = f"/agreements/{agreement.id}/providers/new"
    response = post(client, path, {"provider_id": str(second.id), "rank": "1"}, token_from=path)
    assert response.status_code == 422 and "Rang 1 har redan" in response.get_data(as_text=True)
    assert post(client, path, {"provider_id": str(second.id), "rank": "2",
                               "call_off_rule": ""}, token_from=path).status_code == 302
    db.session.expire_all()
    assert [row.rank for row in db.session.get(Agreement, agreement.id).providers] == [1, 2]


def test_a_provider_with_prices_cannot_be_removed(login_as):
    provider = factories.provider()
    agreement = party_agreement(providers=[provider])
    factories.price_item(agreement_=agreement, provider_=provider)
    db.session.commit()
    row = agreement.providers[0]
    client = login_as(PARTY)
    response = post(client, f"/agreements/{agreement.id}/providers/{row.id}/remove", {},
                    token_from=f"/agreements/{agreement.id}")
    assert response.status_code == 303
    assert "har priser på avtalet" in client.get(f"/agreements/{agreement.id}").get_data(
        as_text=True)
    db.session.expire_all()
    assert len(db.session.get(Agreement, agreement.id).providers) == 1


def test_an_option_must_be_exercisable_before_the_term_it_extends_ends(login_as):
    agreement = party_agreement(end_date=date(2027, 12, 31))
    db.session.commit()
    client = login_as(PARTY)
    path = f"/agreements/{agreement.id}/options/new"
    late = {"length_months": "12", "exercise_by": "2028-01-15", "version": "1"}
    response = post(client, path, late, token_from=path)
    assert response.status_code == 422
    assert "2027-12-31" in response.get_data(as_text=True)
    good = {**late, "exercise_by": "2027-09-30"}
    assert post(client, path, good, token_from=path).status_code == 302
    db.session.expire_all()
    assert [(o.sequence, o.length_months) for o in
            db.session.get(Agreement, agreement.id).options] == [(1, 12)]


def test_an_option_decision_records_who_and_when(login_as):
    agreement = party_agreement()
    first = option(agreement, 1, exercise_by=today() + timedelta(days=30))
    db.session.commit()
    client = login_as(PARTY)
    path = f"/agreements/{agreement.id}/options/{first.id}/decision"
    assert post(client, path, {"decision": "exercised", "decided_on": today().isoformat(),
                               "version": "1"}, token_from=path).status_code == 302
    db.session.expire_all()
    stored = db.session.get(ExtensionOption, first.id)
    assert stored.decision == "exercised" and stored.decided_on == today()
    assert stored.decided_by_id == user(PARTY).id
    page = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert user(PARTY).display_name in page and "Utnyttjad" in page
    again = post(client, path, {"decision": "declined", "decided_on": today().isoformat(),
                                "version": str(stored.version)}, token_from=path)
    assert again.status_code == 422 and "redan beslutad" in again.get_data(as_text=True)


def test_options_are_exercised_in_order_and_not_after_their_last_day(login_as):
    agreement = party_agreement()
    first = option(agreement, 1, exercise_by=today() - timedelta(days=1))
    second = option(agreement, 2, exercise_by=today() + timedelta(days=300))
    db.session.commit()
    client = login_as(PARTY)
    path = f"/agreements/{agreement.id}/options/{first.id}/decision"
    late = post(client, path, {"decision": "exercised", "decided_on": today().isoformat(),
                               "version": "1"}, token_from=path)
    assert late.status_code == 422 and "Sista dag att utnyttja optionen var" in \
        late.get_data(as_text=True)
    path = f"/agreements/{agreement.id}/options/{second.id}/decision"
    early = post(client, path, {"decision": "exercised", "decided_on": today().isoformat(),
                                "version": "1"}, token_from=path)
    assert early.status_code == 422 and "Tidigare optioner" in early.get_data(as_text=True)


def test_terms_are_saved_as_checkable_items_with_notes(login_as):
    agreement = party_agreement()
    db.session.commit()
    client = login_as(PARTY)
    path = f"/agreements/{agreement.id}/terms"
    data = {"audit_rights_fulfilled": "y", "audit_rights_note": "Oanmäld revision.",
            "monthly_reporting_fulfilled": "y", "version": "1"}
    assert post(client, path, data, token_from=path).status_code == 302
    terms = {t.code: t for t in db.session.scalars(select(AgreementTerm).where(
        AgreementTerm.agreement_id == agreement.id))}
    assert terms["audit_rights"].fulfilled and terms["audit_rights"].note == "Oanmäld revision."
    assert terms["monthly_reporting"].fulfilled
    assert not terms["no_self_referrals"].fulfilled
    assert db.session.get(Agreement, agreement.id).version == 2  # a part bumps the version
