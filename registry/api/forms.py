"""Run a page's own form and services over an API request, so both refuse bad input and
refused actions with the same rule and the same Swedish message, on the same field. The API's
`*_ore` fields feed the page's kronor fields.
"""

from datetime import date

from werkzeug.datastructures import MultiDict
from wtforms import SelectFieldBase

from registry.api.errors import INVALID, ApiError
from registry.core.forms import MoneyField
from registry.core.money import format_amount
from registry.core.refusal import Refused
from registry.core.roundtrip import attempt


def _form_value(value):
    if isinstance(value, bool):
        return "y" if value else None
    if isinstance(value, date):
        return value.isoformat()
    return None if value is None else str(value)


def _is_money(form_class, name):
    unbound = getattr(form_class, name, None)  # WTForms keeps unbound fields on the class
    field_class = getattr(unbound, "field_class", None)
    return isinstance(field_class, type) and issubclass(field_class, MoneyField)


def _formdata(form_class, payload):
    """Return the payload as posted form data in the page's field names."""
    data = MultiDict()
    for name, value in payload.items():
        field_name = name
        if name.endswith("_ore") and _is_money(form_class, name[:-4]):
            field_name, value = name[:-4], None if value is None else format_amount(value)
        for item in value if isinstance(value, list) else [value]:
            text = _form_value(item)
            if text is not None:
                data.add(field_name, text)
    return data


def api_name(form, name):
    """Return the API's name of a form field: a money field is its `*_ore` value."""
    field = form._fields.get(name)
    return f"{name}_ore" if isinstance(field, MoneyField) else name


def validated_form(form_class, payload, prepare=None, renames=None, **kwargs):
    """Return the page's form filled from `payload` and validated, or raise a 422.

    `prepare(form)` fills select lists the way the page does; lists it leaves empty are
    left to the service, which checks the chosen id itself. `renames` maps API field
    names to the form's ({"service_type_ids": "services"}).
    """
    renames = renames or {}
    data = {renames.get(name, name): value for name, value in payload.items()}
    form = form_class(formdata=_formdata(form_class, data), meta={"csrf": False}, **kwargs)
    if prepare:
        prepare(form)
    for field in form:
        if isinstance(field, SelectFieldBase) and getattr(field, "choices", None) is None:
            field.validate_choice = False
            field.choices = []
    if not form.validate():
        problems = [(name, message) for name, errors in form.errors.items()
                    for message in errors]
        back = {form_name: api for api, form_name in renames.items()}
        raise ApiError(422, INVALID, api_fields(problems, back, form))
    return form


def api_fields(problems, renames=None, form=None):
    """Return {API field: [messages]} for (form field or None, message) problems.

    `renames` maps the form's names to the API's; a money field of `form` is its `*_ore`
    value; a problem about the whole form is under "_form".
    """
    renames = renames or {}
    fields = {}
    for name, message in problems:
        key = renames.get(name) or (api_name(form, name) if form else name) or "_form"
        fields.setdefault(key, []).append(message)
    return fields


def run(action, renames=None):
    """Run a service as the page's round trip does (core/roundtrip.py): in a savepoint, a
    Refused undone and answered 422 on the API's field names (`renames`: form -> API)."""
    try:
        return attempt(action)
    except Refused as refusal:
        raise ApiError(422, INVALID, api_fields(refusal.problems, renames)) from refusal
