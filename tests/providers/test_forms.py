"""Registering and editing providers, and changing their status: rules, audit, 422, 409."""

from datetime import timedelta

from sqlalchemy import select

from registry.core.audit import AuditEvent
from registry.core.dates import today
from registry.extensions import db
from registry.providers.models import Provider
from tests import factories
from tests.conftest import post

PURCHASER = ("purchaser", "sundbyberg")


def _form(**values):
    data = {"legal_name": "Nya Stödet AB", "org_number": factories.org_number(),
            "org_form": "ab", "municipality_id": "", "regions": "Hela Sverige",
            "description": "", "website": "", "contact_email": "", "contact_phone": "",
            "permit_number": "", "permit_scope": "", "permit_valid_until": "", "capacity": ""}
    data.update(values)
    return data


def _audits(entity, entity_id):
    return db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity == entity, AuditEvent.entity_id == entity_id).order_by(
        AuditEvent.id)).all()


def test_a_purchaser_registers_a_provider_with_services(login_as):
    service = factories.service_type(name="Registrerbar insats")
    db.session.commit()
    client = login_as(PURCHASER)
    data = _form(services=[str(service.id)], target_groups=["adult", "women"])
    response = post(client, "/providers/new", data, token_from="/providers/new")
    assert response.status_code == 302
    provider = db.session.scalar(select(Provider).where(
        Provider.org_number == data["org_number"]))
    assert [s.name for s in provider.services] == ["Registrerbar insats"]
    assert provider.target_groups == ["adult", "women"] and provider.status == "active"
    assert [e.action for e in _audits("provider", provider.id)] == ["create"]


def test_a_wrong_check_digit_is_refused_with_a_message_that_says_so(login_as):
    client = login_as(PURCHASER)
    valid = factories.org_number()
    wrong = valid[:-1] + str((int(valid[-1]) + 1) % 10)
    response = post(client, "/providers/new", _form(org_number=wrong, legal_name="Felsiffran AB"),
                    token_from="/providers/new")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Organisationsnumret har fel kontrollsiffra." in html
    assert "org_number-error" in html and "aria-invalid=\"true\"" in html
    assert 'value="Felsiffran AB"' in html  # the typed values are kept
    assert db.session.scalar(select(Provider).where(Provider.legal_name == "Felsiffran AB")) \
        is None


def test_a_duplicate_org_number_is_refused_next_to_the_field(login_as):
    existing = factories.provider()
    db.session.commit()
    response = post(login_as(PURCHASER), "/providers/new",
                    _form(org_number=existing.org_number), token_from="/providers/new")
    assert response.status_code == 422
    assert f"Det finns redan en utförare med organisationsnummer {existing.org_number}" in \
        response.get_data(as_text=True)


def test_a_personnummer_in_free_text_is_refused(login_as):
    response = post(login_as(PURCHASER), "/providers/new",
                    _form(description="Klient 19850709-9805 placerad"),
                    token_from="/providers/new")
    assert response.status_code == 422
    assert "personnummer" in response.get_data(as_text=True)


def test_a_permit_needs_its_end_date(login_as):
    response = post(login_as(PURCHASER), "/providers/new", _form(permit_number="IVO 1"),
                    token_from="/providers/new")
    assert response.status_code == 422
    assert "Ange till och med vilket datum tillståndet gäller." in response.get_data(
        as_text=True)


def test_edit_is_audited_and_a_stale_form_is_409(login_as):
    provider = factories.provider(legal_name="Gamla Namnet AB")
    db.session.commit()
    client = login_as(PURCHASER)
    path = f"/providers/{provider.id}/edit"
    data = _form(legal_name="Nya Namnet AB", org_number=provider.org_number,
                 version=str(provider.version))
    assert post(client, path, data, token_from=path).status_code == 302
    db.session.expire_all()
    assert db.session.get(Provider, provider.id).legal_name == "Nya Namnet AB"
    update = [e for e in _audits("provider", provider.id) if e.action == "update"][0]
    assert update.changes["legal_name"] == {"before": "Gamla Namnet AB", "after": "Nya Namnet AB"}
    stale = post(client, path, {**data, "legal_name": "Tredje AB"}, token_from=path)
    assert stale.status_code == 409
    db.session.expire_all()
    assert db.session.get(Provider, provider.id).legal_name == "Nya Namnet AB"


def test_suspension_needs_a_reason_and_an_end_date(login_as):
    provider = factories.provider()
    db.session.commit()
    client = login_as(PURCHASER)
    path = f"/providers/{provider.id}/status"
    response = post(client, path, {"action": "suspend", "reason": "", "suspended_until": "",
                                   "version": str(provider.version)}, token_from=path)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ange skälet till ändringen." in html and "En avstängning behöver ett slutdatum." in html
    db.session.expire_all()
    assert db.session.get(Provider, provider.id).status == "active"


def test_suspend_and_terminate_are_logged_with_their_reason(login_as):
    provider = factories.provider()
    db.session.commit()
    client = login_as(PURCHASER)
    path = f"/providers/{provider.id}/status"
    until = today() + timedelta(days=30)
    assert post(client, path, {"action": "suspend", "reason": "Avvikelser utreds.",
                               "suspended_until": until.isoformat(),
                               "version": "1"}, token_from=path).status_code == 302
    db.session.expire_all()
    stored = db.session.get(Provider, provider.id)
    assert (stored.status, stored.suspended_until, stored.status_changed_on) == (
        "suspended", until, today())
    assert post(client, path, {"action": "terminate", "reason": "Avtalsbrott.",
                               "version": str(stored.version)},
                token_from=path).status_code == 302
    db.session.expire_all()
    stored = db.session.get(Provider, provider.id)
    assert stored.status == "terminated" and stored.suspended_until is None
    changes = [e.changes for e in _audits("provider", provider.id) if e.action == "update"]
    assert changes[0]["status"] == {"before": "active", "after": "suspended"}
    assert changes[0]["status_reason"] == {"changed": True}  # free text named, never copied
    assert changes[1]["status"] == {"before": "suspended", "after": "terminated"}


def test_a_suspension_cannot_end_in_the_past(login_as):
    provider = factories.provider()
    db.session.commit()
    path = f"/providers/{provider.id}/status"
    response = post(login_as(PURCHASER), path, {
        "action": "suspend", "reason": "Test.", "version": "1",
        "suspended_until": (today() - timedelta(days=1)).isoformat()}, token_from=path)
    assert response.status_code == 422
    assert "Slutdatumet kan inte ligga före i dag." in response.get_data(as_text=True)


def test_only_purchasers_edit_providers(login_as):
    provider = factories.provider()
    db.session.commit()
    client = login_as("case_officer", "solna")
    assert client.get(f"/providers/{provider.id}/edit").status_code == 403
    response = post(client, f"/providers/{provider.id}/status",
                    {"action": "terminate", "reason": "x", "version": "1"})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Provider, provider.id).status == "active"


def test_the_list_filters_by_target_group_permit_and_region(login_as):
    youth = factories.provider(target_groups=["youth_under_18"], regions="Gotland",
                               permit_number="P", permit_valid_until=today() - timedelta(days=1))
    adult = factories.provider(target_groups=["adult"], regions="Skåne")
    db.session.commit()
    client = login_as(PURCHASER)
    html = client.get("/providers/?group=youth_under_18").get_data(as_text=True)
    assert youth.legal_name in html and adult.legal_name not in html
    html = client.get("/providers/?permit=expired").get_data(as_text=True)
    assert youth.legal_name in html and adult.legal_name not in html
    html = client.get("/providers/?region=skåne").get_data(as_text=True)
    assert adult.legal_name in html and youth.legal_name not in html
    assert client.get("/providers/?permit=';drop&group=x").status_code == 200


def test_status_and_demo_flag_cannot_be_set_through_the_provider_form(login_as):
    client = login_as(PURCHASER)
    data = _form(legal_name="Massan AB", status="terminated", fictional="y",
                 suspended_until="2030-01-01", version="7")
    assert post(client, "/providers/new", data, token_from="/providers/new").status_code == 302
    provider = db.session.scalar(select(Provider).where(Provider.legal_name == "Massan AB"))
    assert (provider.status, provider.fictional, provider.suspended_until) == (
        "active", False, None)


def test_a_date_in_another_format_is_refused_in_swedish(login_as):
    response = post(login_as(PURCHASER), "/providers/new",
                    _form(permit_number="IVO 2", permit_valid_until="31/12/2027"),
                    token_from="/providers/new")
    assert response.status_code == 422
    assert "Ange datum som ÅÅÅÅ-MM-DD." in response.get_data(as_text=True)
