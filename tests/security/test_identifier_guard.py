"""A10: a personnummer or samordningsnummer is refused however it is written, by every text
field of every form and every API schema, found by discovery; harmless numbers pass.

Forms are validated directly in a request context (the breadth); the end-to-end requests
from the user's side are in test_identifier_guard_requests.py.
"""

import unicodedata

import marshmallow as ma
import pytest
from flask import current_app
from hypothesis import given, settings
from marshmallow import fields
from werkzeug.datastructures import MultiDict
from wtforms import SelectFieldBase, StringField

from registry.api.schemas.common import PERSONNUMMER, SwedishSchema
from registry.core.forms import BaseForm, personnummer_message
from registry.core.identifiers import SOLE_TRADER, contains_personnummer, find_personnummer
from tests.security.identifiers import (
    HARMLESS,
    WRITTEN_FORMS,
    answers_form,
    form_text_fields,
    personal_numbers,
    schema_text_fields,
    schema_value,
)

FORM_FIELDS = form_text_fields()  # (form class, field name)
SCHEMA_FIELDS = schema_text_fields()  # (schema class, field name, is a choice)
FORMS = {cls: [name for other, name in FORM_FIELDS if other is cls]
         for cls, _name in FORM_FIELDS}
SCHEMAS = {cls: [(name, choice) for other, name, choice in SCHEMA_FIELDS if other is cls]
           for cls, _name, _choice in SCHEMA_FIELDS}
FEW = settings(max_examples=3, deadline=None)


def _name(cls):
    return f"{cls.__module__.removeprefix('registry.')}.{cls.__qualname__}"


def _form_refusals(make_form, names, text):
    """Post `text` into the form's text fields `names`; return {name: (errors, refusals)},
    refusals being the messages that refuse a personnummer in that field."""
    with current_app.test_request_context(method="POST"):
        form = make_form(formdata=MultiDict([(name, text) for name in names]),
                         meta={"csrf": False})
        for field in form:
            if isinstance(field, SelectFieldBase) and getattr(field, "choices", None) is None:
                field.choices = []  # choices a view fills from the database
        form.validate()
        return {name: (set(form[name].errors),
                       {personnummer_message(form[name].label.text), SOLE_TRADER})
                for name in names}


def _schema_refusals(schema_class, names, text):
    """Load `text` into the schema's fields `names`; return {name: [its messages]}."""
    schema = schema_class(partial=True)
    try:
        schema.load({name: schema_value(schema.load_fields[name], text) for name in names})
    except ma.ValidationError as error:
        return {name: _flat(error.messages.get(name, [])) for name in names}
    return {name: [] for name in names}


def _flat(messages):
    if isinstance(messages, dict):
        return [text for value in messages.values() for text in _flat(value)]
    return [text for value in messages for text in _flat(value)] \
        if isinstance(messages, list) else [messages]


# --- The detector -------------------------------------------------------------------------

@pytest.mark.checklist("A10")
@settings(max_examples=300, deadline=None)
@given(number=personal_numbers())
def test_every_written_form_of_a_test_number_is_recognised(number):
    century, ten = number
    for writing, write in WRITTEN_FORMS.items():
        assert contains_personnummer(write(century, ten)), writing


@pytest.mark.checklist("A10")
@pytest.mark.parametrize("category", ["Pd", "Zs", "Cf"])
def test_every_unicode_dash_space_and_invisible_character_is_folded(category):
    """Every character Unicode calls a dash, a space or an invisible format character."""
    chars = [chr(code) for code in range(0x10000) if unicodedata.category(chr(code)) == category]
    assert len(chars) > 15
    missed = [f"U+{ord(c):04X}" for c in chars if not contains_personnummer(f"850709{c}9805")]
    assert not missed


@pytest.mark.checklist("A10")
@pytest.mark.parametrize("text", HARMLESS)
def test_a_number_that_identifies_no_person_is_not_taken_for_one(text):
    assert not contains_personnummer(text)
    assert not find_personnummer(f"Anteckning: {text}.")


def test_a_personnummer_is_not_read_inside_a_longer_number():
    assert not contains_personnummer("OCR 198507099805123")
    assert contains_personnummer("850709 9805 12 månader")  # a separate number after it


# --- Every form ---------------------------------------------------------------------------

def test_discovery_finds_the_fields_the_issue_named():
    found = {(cls.__name__, name) for cls, name in FORM_FIELDS}
    assert {("InvoiceForm", "invoice_number"), ("InvoiceForm", "note"), ("BudgetForm", "note"),
            ("ProviderForm", "legal_name"), ("ProviderForm", "regions"),
            ("ProviderForm", "permit_number"), ("ProviderForm", "contact_phone"),
            ("AgreementForm", "reference"), ("AgreementForm", "title"),
            ("PriceItemForm", "addon"), ("AssessmentFormBase", "summary"),
            ("UserForm", "display_name"), ("ReportEditForm", "report_text")} <= found
    schemas = {(cls.__name__, name) for cls, name, _choice in SCHEMA_FIELDS}
    assert {("ReportPatchSchema", "report_text"), ("ProviderInSchema", "legal_name"),
            ("ProviderInSchema", "org_number")} <= schemas


@pytest.mark.checklist("A10")
@pytest.mark.parametrize("form_class", FORMS, ids=map(_name, FORMS))
@FEW
@given(number=personal_numbers())
def test_every_form_text_field_refuses_a_personnummer_however_written(form_class, number):
    century, ten = number
    for writing, write in WRITTEN_FORMS.items():
        for name, (errors, refusals) in _form_refusals(
                form_class, FORMS[form_class], write(century, ten)).items():
            assert errors & refusals, (name, writing, errors)


@pytest.mark.checklist("A10")
@FEW
@given(number=personal_numbers())
def test_the_answer_form_built_per_checklist_refuses_it_in_every_text_answer(number):
    century, ten = number
    with current_app.test_request_context():
        names = [field.name for field in answers_form(meta={"csrf": False})
                 if field.type in ("TextAreaField", "StringField")]
    assert {"summary", "value_4", "comment_1"} <= set(names)
    for writing, write in WRITTEN_FORMS.items():
        for name, (errors, refusals) in _form_refusals(
                answers_form, names, write(century, ten)).items():
            assert errors & refusals, (name, writing, errors)


@pytest.mark.checklist("A10")
@pytest.mark.parametrize("form_class", FORMS, ids=map(_name, FORMS))
def test_every_form_text_field_accepts_harmless_numbers(form_class):
    for text in HARMLESS:
        for name, (errors, refusals) in _form_refusals(
                form_class, FORMS[form_class], text).items():
            assert not errors & refusals, (name, text, errors)


@pytest.mark.checklist("A10")
def test_a_new_field_nobody_marked_is_covered_by_the_base_classes():
    class NewForm(BaseForm):
        remark = StringField("Ny anmärkning")

    class NewSchema(SwedishSchema):
        remark = fields.String()
        tags = fields.List(fields.String())

    errors, refusals = _form_refusals(NewForm, ["remark"], "Se 850709 9805")["remark"]
    assert errors == {"Ny anmärkning får inte innehålla ett personnummer eller "
                      "samordningsnummer."} and errors <= refusals
    with pytest.raises(ma.ValidationError) as refused:
        NewSchema().load({"remark": "Se 850709 9805", "tags": ["ok", "19850709-9805"]})
    assert refused.value.messages == {"remark": [PERSONNUMMER], "tags": {1: [PERSONNUMMER]}}


# --- Every API schema ---------------------------------------------------------------------

@pytest.mark.checklist("A10")
@pytest.mark.parametrize("schema_class", SCHEMAS, ids=map(_name, SCHEMAS))
@FEW
@given(number=personal_numbers())
def test_every_api_text_field_refuses_a_personnummer_however_written(schema_class, number):
    """A choice field only takes its fixed values; any other field names the personnummer."""
    century, ten = number
    choices = dict(SCHEMAS[schema_class])
    for writing, write in WRITTEN_FORMS.items():
        for name, messages in _schema_refusals(schema_class, choices,
                                               write(century, ten)).items():
            assert messages, (name, writing)
            assert choices[name] or {PERSONNUMMER, SOLE_TRADER} & set(messages), \
                (name, writing, messages)


@pytest.mark.checklist("A10")
@pytest.mark.parametrize("schema_class", SCHEMAS, ids=map(_name, SCHEMAS))
def test_every_api_text_field_accepts_harmless_numbers(schema_class):
    for text in HARMLESS:
        for name, messages in _schema_refusals(schema_class, dict(SCHEMAS[schema_class]),
                                               text).items():
            assert not {PERSONNUMMER, SOLE_TRADER} & set(messages), (name, text, messages)
