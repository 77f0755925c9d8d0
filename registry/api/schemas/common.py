"""Shared schema pieces: Swedish messages, ids, öre, ISO dates, paging and errors."""

import re
from datetime import date

import marshmallow as ma
from marshmallow import fields, validate

from registry.core.forms import DATE_MESSAGE, REQUIRED, personnummer_message
from registry.core.identifiers import SOLE_TRADER, contains_personnummer

MAX_ID = 2_147_483_647
MAX_ORE = 10**13  # 100 000 000 000 kr: far above any ceiling, inside a 64-bit column
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

INVALID = {
    fields.Integer: "Ange ett heltal.",
    fields.Date: DATE_MESSAGE,
    fields.Boolean: "Ange true eller false.",
    fields.List: "Ange en lista.",
    fields.String: "Ange text.",
}
PERSONNUMMER = personnummer_message("Fältet")


class SwedishSchema(ma.Schema):
    """A schema whose messages are Swedish; unknown fields are refused."""

    class Meta:
        unknown = ma.RAISE

    error_messages = {"unknown": "Okänt fält.", "type": "Ange ett JSON-objekt."}

    def on_bind_field(self, field_name, field_obj):
        messages = {"required": REQUIRED, "null": REQUIRED}
        for kind, text in INVALID.items():
            if isinstance(field_obj, kind):
                messages["invalid"] = text
                break
        field_obj.error_messages = {**field_obj.error_messages, **messages}
        for text_field in _free_text(field_obj):  # a fresh list: fields share it when copied
            text_field.validators = [*text_field.validators, refuse_personnummer]


def refuse_personnummer(value):
    """Refuse loaded text holding a personnummer or samordningsnummer, however written."""
    if contains_personnummer(value):
        raise ma.ValidationError(PERSONNUMMER)


def _free_text(field):
    """Yield the string fields text is loaded into: the field, a list's items, dict values.

    A choice (OneOf) is left out: only its fixed values are ever accepted.
    """
    if isinstance(field, fields.List):
        yield from _free_text(field.inner)
    elif isinstance(field, fields.Dict):
        for inner in (field.key_field, field.value_field):
            yield from _free_text(inner) if inner is not None else ()
    elif isinstance(field, fields.String) and not any(
            isinstance(check, validate.OneOf) for check in field.validators):
        yield field


class Text(fields.String):
    """Text without control characters (a database never sees a NUL byte)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if _CONTROL.search(text):
            raise ma.ValidationError("Texten innehåller otillåtna kontrolltecken.")
        return text


class OrgNumber(Text):
    """An organisation number: a sole trader's (a personnummer) is refused saying why; the
    page's form checks the form and check digit with the rest of the provider's fields."""

    def _deserialize(self, value, attr, data, **kwargs):
        number = super()._deserialize(value, attr, data, **kwargs)
        if contains_personnummer(number):
            raise ma.ValidationError(SOLE_TRADER)
        return number


def text(max_length=4000, **kwargs):
    """Return a text field documented with its longest length."""
    return Text(validate=validate.Length(max=max_length,
                                         error="Högst {max} tecken."), **kwargs)


def ident(strict=True, **kwargs):
    """Return an id field (a positive 32-bit integer); a query parameter is not strict."""
    return fields.Integer(strict=strict, validate=validate.Range(
        min=1, max=MAX_ID, error="Ange ett id från 1."), **kwargs)


def ore(**kwargs):
    """Return an amount in whole öre, zero or more."""
    return fields.Integer(strict=True, validate=validate.Range(
        min=0, max=MAX_ORE, error="Ange ett belopp i öre, 0 eller mer."), **kwargs)


def day(**kwargs):
    """Return an ISO date between 1900 and 2199."""
    return fields.Date(validate=validate.Range(
        min=FIRST_DAY, max=LAST_DAY, error="Ange ett datum mellan 1900 och 2199."), **kwargs)


def one_of(values, **kwargs):
    """Return a text field holding one of `values`."""
    return fields.String(validate=validate.OneOf(
        list(values), error="Välj ett av: {choices}."), **kwargs)


def version_field():
    """Return the `version` an update was read at (409 when someone changed it since)."""
    return fields.Integer(required=True, strict=True, validate=validate.Range(
        min=1, max=MAX_ID, error="Ange versionen du läste."))


def patch(schema_class):
    """Return an instance of an update schema: every field optional but `version`."""
    names = tuple(name for name in schema_class._declared_fields if name != "version")
    return schema_class(partial=names)


class ErrorBody(ma.Schema):
    code = fields.Integer(required=True, metadata={"description": "HTTP-statuskoden"})
    message = fields.String(required=True, metadata={"description": "Vad som gick fel"})
    incident = fields.String(metadata={"description": "Incidentnummer vid 500"})
    fields = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                         metadata={"description": "Meddelanden per fält"})


class ErrorSchema(ma.Schema):
    """The error answer: {"error": {"code", "message", "fields"}}."""

    error = fields.Nested(ErrorBody, required=True)


class ListQuery(SwedishSchema):
    """Paging and sorting every list takes; a list adds its filters and sort keys."""

    class Meta:
        unknown = ma.EXCLUDE

    SORT_KEYS = ("id",)
    page = fields.Integer(load_default=1, validate=validate.Range(
        min=1, max=100_000, error="Ange en sida från 1."))
    per_page = fields.Integer(load_default=50, validate=validate.Range(
        min=1, max=100, error="Ange 1–100 rader per sida."))


def sort_field(keys, default):
    """Return the `sort` parameter: an allow-listed key, '-' before it for descending."""
    allowed = [*keys, *(f"-{key}" for key in keys)]
    return one_of(allowed, load_default=default,
                  metadata={"description": "Sorteringsnyckel; '-' först för fallande."})


def page_schema(item_schema):
    """Return the schema of one page of `item_schema` rows."""
    name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
    return type(name, (ma.Schema,), {
        "items": fields.List(fields.Nested(item_schema), required=True),
        "page": fields.Integer(required=True),
        "per_page": fields.Integer(required=True),
        "total": fields.Integer(required=True),
        "__doc__": f"One page of {item_schema.__name__.removesuffix('Schema')} rows.",
    })
