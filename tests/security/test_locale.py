"""L1: Swedish formatting and Swedish text on every page and in every form message.

Adapted: the registry has no gettext catalogue to check with `pybabel extract`/`update`.
Its pages are written in Swedish in the templates (the UI is Swedish only; Flask-Babel is used
for formatting), so "no untranslated msgid" becomes: no English UI words on the pages each
role sees, and every form message Swedish, WTForms' own defaults included (BaseForm asks
WTForms for its Swedish translations). Money keeps a no-break space before "kr" too
(`4 500 kr` with both spaces no-break), so an amount never breaks over two lines.
"""

import importlib
import pkgutil
import re
from datetime import date, datetime

import pytest
from babel.dates import format_date
from flask import render_template_string
from werkzeug.datastructures import MultiDict
from wtforms import SelectFieldBase

import registry
from registry.core.forms import BaseForm
from registry.core.money import format_money
from registry.core.templating import format_day

pytestmark = pytest.mark.checklist("L1")

ROLES = ["purchaser.jarfalla@demo.invalid", "case_officer.jarfalla@demo.invalid",
         "finance.jarfalla@demo.invalid", "coordinator@demo.invalid", "admin@demo.invalid"]
ENGLISH = re.compile(r"\b(Submit|Save|Cancel|Error|Required|Not found|Delete|Edit|Search|"
                     r"Next|Previous|Loading|Log ?out|Log ?in|Sign in|Back|Home|Settings|"
                     r"This field|field is required|Invalid|Not a valid|must be|characters|"
                     r"Please|choice)\b", re.I)


def test_money_and_dates_are_written_the_swedish_way(app):
    assert format_money(450_000) == "4\u00a0500\u00a0kr"
    assert format_money(-450_050) == "\u22124\u00a0500,50\u00a0kr" or \
        format_money(-450_050) == "-4\u00a0500,50\u00a0kr"
    assert format_date(date(2026, 11, 22), "short", locale="sv_SE") == "2026-11-22"
    assert format_day(date(2026, 11, 22)) == "2026-11-22"
    assert format_day(datetime(2026, 11, 22, 8, 5)) == "2026-11-22 08:05"
    with app.test_request_context():
        page = render_template_string("{{ 450000 | money }} {{ d | day }} {{ d | month }}",
                                      d=date(2026, 11, 22))
    assert page == "4\u00a0500\u00a0kr 2026-11-22 november 2026"


def _visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\S+@\S+", " ", text)  # the demo addresses end in .invalid


def _pages(app):
    return sorted(rule.rule for rule in app.url_map.iter_rules()
                  if "GET" in rule.methods and not rule.arguments
                  and not rule.rule.startswith(("/api/", "/static", "/logout")))


@pytest.mark.parametrize("email", [None, *ROLES])
def test_every_page_a_role_sees_is_in_swedish(app, login_as, email):
    client = login_as(email) if email else app.test_client()
    checked = 0
    for path in [*_pages(app), "/finns-inte"]:
        response = client.get(path)
        if response.status_code in (301, 302, 303) or "text/html" not in response.content_type:
            continue  # a redirect's body is never shown
        html = response.get_data(as_text=True)
        assert '<html lang="sv"' in html, path
        english = ENGLISH.findall(_visible_text(html))
        assert not english, f"{path} as {email}: {english}"
        checked += 1
    assert checked >= 2


def _form_classes():
    for module in pkgutil.walk_packages(registry.__path__, "registry."):
        if module.name.endswith((".forms", ".filters")):
            importlib.import_module(module.name)
    found, queue = set(), [BaseForm]
    while queue:
        for subclass in queue.pop().__subclasses__():
            if subclass not in found:
                found.add(subclass)
                queue.append(subclass)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


HOSTILE = {"StringField": "x" * 5000, "TextAreaField": "x" * 5000, "IntegerField": "tio",
           "DecimalField": "tio", "FloatField": "tio", "DateField": "2026-13-45",
           "IsoDateField": "2026-13-45", "EmailField": "x" * 300, "PasswordField": "",
           "MoneyField": "fyra", "NumberField": "tio", "BooleanField": "y"}


def _messages(form_class, app):
    """Validate the form with bad input in every field; return every message it gives."""
    with app.test_request_context(method="POST"):
        data = MultiDict()
        probe = form_class(formdata=MultiDict(), meta={"csrf": False})
        for field in probe:
            data.add(field.name, HOSTILE.get(type(field).__name__, "finns-inte"))
        form = form_class(formdata=data, meta={"csrf": False})
        for field in form:
            if isinstance(field, SelectFieldBase) and getattr(field, "choices", None) is None:
                field.choices = [("1", "Ett")]
        form.validate()
        empty = form_class(formdata=MultiDict({"x": "y"}), meta={"csrf": False})
        for field in empty:
            if isinstance(field, SelectFieldBase) and getattr(field, "choices", None) is None:
                field.choices = [("1", "Ett")]
        empty.validate()
        return [str(message) for one in (form, empty) for errors in one.errors.values()
                for message in errors]


def test_every_form_message_is_swedish(app):
    classes = _form_classes()
    assert len(classes) >= 20
    english, total = {}, 0
    for form_class in classes:
        try:
            messages = _messages(form_class, app)
        except TypeError:  # a form built per request (answers_form) needs its arguments
            continue
        total += len(messages)
        bad = [message for message in messages if ENGLISH.search(message)]
        if bad:
            english[f"{form_class.__module__}.{form_class.__name__}"] = bad
    assert total >= 100  # the bad input really was refused, so there were messages to read
    assert not english, f"English messages: {english}"
