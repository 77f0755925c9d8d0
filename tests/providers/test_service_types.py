"""The coordinator keeps the list of service types: adds a jourhem, edits it (issue 18)."""

from sqlalchemy import select

from registry.core.audit import AuditEvent
from registry.extensions import db
from registry.providers.models import ServiceType
from tests import factories
from tests.conftest import post

NEW = "/service-types/new"


def _jourhem():
    return db.session.scalar(select(ServiceType).where(ServiceType.name == "Jourhem"))


def _audited(service, action):
    return db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity == "service_type", AuditEvent.entity_id == service.id,
        AuditEvent.action == action)).all()


def test_the_coordinator_adds_a_jourhem_and_edits_it(login_as):
    client = login_as("coordinator")
    assert "Insatstyper" in client.get("/").get_data(as_text=True)
    response = post(client, NEW, {"name": "Jourhem", "unit": "day", "residential": "y",
                                  "active": "y"}, token_from=NEW)
    assert response.status_code == 302
    service = _jourhem()
    assert (service.unit, service.requires_permit, service.residential, service.active) == \
        ("day", False, True, True)
    assert service.code == "jourhem"
    assert "Jourhem" in client.get("/service-types/").get_data(as_text=True)
    assert _audited(service, "create")

    edit = f"/service-types/{service.id}/edit"
    response = post(client, edit, {"name": "Jourhem", "unit": "hour", "requires_permit": "y",
                                   "active": "y", "version": service.version}, token_from=edit)
    assert response.status_code == 302
    db.session.expire_all()
    service = _jourhem()
    assert (service.unit, service.requires_permit) == ("hour", True)
    change = _audited(service, "update")[0].changes
    assert change["unit"] == {"before": "day", "after": "hour"}
    # The new type is offered where prices and providers are registered.
    purchaser = login_as("purchaser", "solna")
    html = purchaser.get("/providers/new").get_data(as_text=True)
    assert "Jourhem" in html


def test_a_duplicate_name_is_refused_on_its_field_keeping_the_typing(login_as):
    factories.service_type(name="Jourhem")
    db.session.commit()
    client = login_as("coordinator")
    response = post(client, NEW, {"name": "jourhem", "unit": "day"}, token_from=NEW)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Det finns redan en insatstyp som heter jourhem." in html
    assert 'value="jourhem"' in html
    assert db.session.scalar(select(ServiceType).where(ServiceType.name == "jourhem")) is None


def test_a_stale_edit_is_a_conflict_not_an_overwrite(login_as):
    service = factories.service_type(name="Stödboende test")
    db.session.commit()
    client = login_as("coordinator")
    edit = f"/service-types/{service.id}/edit"
    response = post(client, edit, {"name": "Nytt namn", "unit": "day",
                                   "version": service.version + 1}, token_from=edit)
    assert response.status_code == 409


def test_only_the_coordinator_edits_service_types(login_as):
    for who in (("purchaser", "solna"), ("case_officer", "solna"), ("admin", None)):
        client = login_as(*who)
        assert client.get("/service-types/").status_code == 403
        assert client.get(NEW).status_code == 403
