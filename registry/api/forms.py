"""Run a page's own form over an API request, so both refuse bad input with the same rule
and the same Swedish message. The API's `*_ore` fields feed the page's kronor fields.
"""

from datetime import date

from werkzeug.datastructures import MultiDict
from wtforms import SelectFieldBase

from registry.api.errors import INVALID, ApiError
from registry.core.forms import MoneyField
from registry.core.money import format_amount


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
        back = {form_name: api for api, form_name in renames.items()}
        fields = {back.get(name, api_name(form, name)) if name else "_form": list(errors)
                  for name, errors in form.errors.items() if errors}
        raise ApiError(422, INVALID, fields)
    return form


def form_values(form, integers=()):
    """Return a validated form's values for a service: blanks as None, money as `*_ore`."""
    values = {}
    for name, field in form._fields.items():
        if name in {"csrf_token", "version"}:
            continue
        if isinstance(field, MoneyField):
            values[f"{name}_ore"] = field.ore
            continue
        value = field.data.strip() if isinstance(field.data, str) else field.data
        value = None if value == "" else value
        values[name] = int(value) if name in integers and value is not None else value
    return values
