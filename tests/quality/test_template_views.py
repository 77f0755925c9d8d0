"""Checklist versions through the pages: drafts are edited, published versions are refused."""

from sqlalchemy import select

from registry.core.audit import AuditEvent
from registry.extensions import db
from registry.quality.models import ChecklistTemplate, Indicator
from tests.conftest import post
from tests.quality import factories

COORDINATOR = ("coordinator",)
PURCHASER = ("purchaser", "solna")
PAGE = "/quality/templates"


def _indicator_data(template, **values):
    data = {"version": template.version, "code": "K9", "section": "Avsnitt C", "position": "",
            "text": "Ny indikator", "guidance": "", "grounding": "", "answer_type": "yes_no",
            "weight": "2", "number_zero_at": "", "number_full_at": ""}
    return {**data, **values}


def test_a_published_version_cannot_be_edited(login_as):
    client = login_as(COORDINATOR)
    template = factories.template()
    page = client.get(f"{PAGE}/{template.id}/edit")
    assert page.status_code == 200 and "kan inte ändras" in page.get_data(as_text=True)
    refused = post(client, f"{PAGE}/{template.id}/edit",
                   {"name": "Ändrad", "provenance": "", "version": template.version},
                   token_from=PAGE)
    assert refused.status_code == 409
    assert "Skapa en ny version" in refused.get_data(as_text=True)
    indicator = template.indicators[0]
    assert post(client, f"/quality/indicators/{indicator.id}/edit",
                _indicator_data(template, code="K1"), token_from=PAGE).status_code == 409
    assert post(client, f"{PAGE}/{template.id}/indicators/new", _indicator_data(template),
                token_from=PAGE).status_code == 409
    assert post(client, f"/quality/indicators/{indicator.id}/delete",
                {"version": template.version}, token_from=PAGE).status_code == 409
    db.session.expire_all()
    assert db.session.get(ChecklistTemplate, template.id).name != "Ändrad"
    assert len(db.session.get(ChecklistTemplate, template.id).indicators) == 4


def test_a_new_version_starts_as_a_copy_and_is_published_in_place_of_the_old(login_as):
    client = login_as(COORDINATOR)
    old = factories.template()
    response = post(client, f"{PAGE}/{old.id}/new-version", {}, token_from=PAGE)
    assert response.status_code == 302
    draft = db.session.scalar(select(ChecklistTemplate).where(
        ChecklistTemplate.family == old.family, ChecklistTemplate.version_number == 2))
    assert draft.status == "draft" and draft.based_on_id == old.id
    assert [(i.code, i.weight, i.critical) for i in draft.indicators] == \
        [(i.code, i.weight, i.critical) for i in old.indicators]
    again = post(client, f"{PAGE}/{old.id}/new-version", {}, token_from=PAGE)
    assert again.status_code == 302 and db.session.scalar(select(ChecklistTemplate.id).where(
        ChecklistTemplate.family == old.family, ChecklistTemplate.version_number == 3)) is None

    edited = post(client, f"{PAGE}/{draft.id}/edit",
                  {"name": "Version två", "provenance": "Ändrad.", "version": draft.version},
                  token_from=PAGE)
    assert edited.status_code == 302
    db.session.expire_all()
    added = post(client, f"{PAGE}/{draft.id}/indicators/new",
                 _indicator_data(draft, critical="y", evidence_required="y"), token_from=PAGE)
    assert added.status_code == 302
    db.session.expire_all()
    published = post(client, f"{PAGE}/{draft.id}/publish", {"version": draft.version},
                     token_from=PAGE)
    assert published.status_code == 302
    db.session.expire_all()
    assert db.session.get(ChecklistTemplate, old.id).status == "retired"
    new = db.session.get(ChecklistTemplate, draft.id)
    assert (new.status, new.name, new.published_at is not None) == ("published", "Version två",
                                                                   True)
    assert new.indicators[-1].code == "K9" and new.indicators[-1].critical
    actions = db.session.execute(select(AuditEvent.action, AuditEvent.entity).where(
        AuditEvent.entity.in_(("checklist_templates", "indicators")))).all()
    assert {("create", "checklist_templates"), ("update", "checklist_templates"),
            ("create", "indicators")} <= set(actions)


def test_a_stale_draft_form_is_a_409(login_as):
    client = login_as(COORDINATOR)
    draft = factories.template(status="draft")
    data = {"name": "Först", "provenance": "", "version": draft.version}
    assert post(client, f"{PAGE}/{draft.id}/edit", data, token_from=PAGE).status_code == 302
    stale = post(client, f"{PAGE}/{draft.id}/edit", {**data, "name": "Sen"}, token_from=PAGE)
    assert stale.status_code == 409
    db.session.expire_all()
    assert db.session.get(ChecklistTemplate, draft.id).name == "Först"


def test_bad_weights_are_refused_next_to_the_field(login_as):
    client = login_as(COORDINATOR)
    draft = factories.template(status="draft")
    text = post(client, f"{PAGE}/{draft.id}/indicators/new",
                _indicator_data(draft, answer_type="text", weight="3"), token_from=PAGE)
    html = text.get_data(as_text=True)
    assert text.status_code == 422 and 'id="weight-error"' in html and "Fritextsvar" in html
    assert 'value="Ny indikator"' in html or "Ny indikator</textarea>" in html
    number = post(client, f"{PAGE}/{draft.id}/indicators/new",
                  _indicator_data(draft, answer_type="number", weight="2"), token_from=PAGE)
    assert number.status_code == 422 and 'id="number_full_at-error"' in number.get_data(
        as_text=True)
    out_of_range = post(client, f"{PAGE}/{draft.id}/indicators/new",
                        _indicator_data(draft, weight="101"), token_from=PAGE)
    assert out_of_range.status_code == 422
    duplicate = post(client, f"{PAGE}/{draft.id}/indicators/new",
                     _indicator_data(draft, code="K1"), token_from=PAGE)
    assert duplicate.status_code == 422 and "finns redan" in duplicate.get_data(as_text=True)
    db.session.expire_all()
    assert len(db.session.get(ChecklistTemplate, draft.id).indicators) == 4


def test_a_draft_without_weighted_indicators_cannot_be_published(login_as):
    client = login_as(COORDINATOR)
    draft = factories.template(status="draft", indicators=(("T1", "text", 0, False, False),))
    response = post(client, f"{PAGE}/{draft.id}/publish", {"version": draft.version},
                    token_from=PAGE)
    assert response.status_code == 422
    assert "vikt över 0" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ChecklistTemplate, draft.id).status == "draft"


def test_only_the_coordinator_manages_templates(login_as):
    client = login_as(PURCHASER)
    template = factories.template()
    assert client.get(f"{PAGE}/{template.id}").status_code == 200
    assert post(client, f"{PAGE}/{template.id}/new-version", {},
                token_from=PAGE).status_code == 403


def test_an_indicator_of_a_draft_is_edited_and_removed(login_as):
    client = login_as(COORDINATOR)
    draft = factories.template(status="draft")
    indicator = draft.indicators[2]
    page = client.get(f"/quality/indicators/{indicator.id}/edit")
    assert page.status_code == 200 and 'value="200"' in page.get_data(as_text=True)
    edited = post(client, f"/quality/indicators/{indicator.id}/edit", _indicator_data(
        draft, code="K3", answer_type="number", weight="1", number_zero_at="10",
        number_full_at="2,5"), token_from=PAGE)
    assert edited.status_code == 302
    db.session.expire_all()
    assert db.session.get(Indicator, indicator.id).number_full_at == 2.5
    removed = post(client, f"/quality/indicators/{indicator.id}/delete",
                   {"version": db.session.get(ChecklistTemplate, draft.id).version},
                   token_from=PAGE)
    assert removed.status_code == 302
    db.session.expire_all()
    assert db.session.get(Indicator, indicator.id) is None


def test_an_indicator_posted_without_its_number_fields_keeps_them(login_as):
    """A post that leaves the number fields out (an old form, a script) keeps the stored values
    instead of failing with a 500, as the fuzzing of every form found on PostgreSQL."""
    client = login_as(COORDINATOR)
    draft = factories.template(status="draft")
    indicator = draft.indicators[2]
    before = (indicator.number_zero_at, indicator.number_full_at)
    data = _indicator_data(draft, code="K3", answer_type="number", weight="1")
    del data["number_zero_at"], data["number_full_at"]
    edited = post(client, f"/quality/indicators/{indicator.id}/edit", data, token_from=PAGE)
    assert edited.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Indicator, indicator.id)
    assert (stored.number_zero_at, stored.number_full_at) == before
    assert before != (None, None)
