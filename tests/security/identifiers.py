"""What the identifier guard (A10) is tried with: test numbers in every written form, a
corpus of harmless numbers, and every form and API schema field that takes text.

The fields are discovered, not listed: every module of `registry` is imported and every
BaseForm and SwedishSchema subclass is walked, so a new form, schema or field is tried
without editing the tests.
"""

import importlib
import pkgutil
from datetime import date
from types import SimpleNamespace

from hypothesis import strategies as st
from marshmallow import fields, validate
from stdnum import luhn
from wtforms import HiddenField, PasswordField, StringField
from wtforms.fields.core import UnboundField

import registry
from registry.api.schemas.common import SwedishSchema
from registry.core.forms import BaseForm

# --- Test numbers -------------------------------------------------------------------------


@st.composite
def personal_numbers(draw):
    """Strategy: (century, ten digits) of a valid personnummer or samordningsnummer with a
    birth number in 980-999, Skatteverket's test range (never a real person's number)."""
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
    day = born.day + (60 if draw(st.booleans()) else 0)  # samordningsnummer: day + 60
    nine = f"{born:%y%m}{day:02d}{draw(st.integers(min_value=980, max_value=999))}"
    return f"{born.year // 100}", nine + luhn.calc_check_digit(nine)


FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


def _split(separator, twelve=False):
    return lambda century, ten: f"{century if twelve else ''}{ten[:6]}{separator}{ten[6:]}"


# Each way the issue found a personnummer written, as (century, ten digits) -> text.
WRITTEN_FORMS = {
    "no separator": _split(""),
    "hyphen": _split("-"),
    "plus (100 years or older)": _split("+"),
    "12 digits": _split("", twelve=True),
    "12 digits, hyphen": _split("-", twelve=True),
    "space": _split(" "),
    "NBSP": _split("\u00a0"),
    "narrow NBSP": _split("\u202f"),
    "thin space": _split("\u2009"),
    "hair space": _split("\u200a"),
    "figure space": _split("\u2007"),
    "hyphen U+2010": _split("\u2010"),
    "non-breaking hyphen": _split("\u2011"),
    "figure dash": _split("\u2012"),
    "en dash": _split("\u2013"),
    "em dash": _split("\u2014"),
    "horizontal bar": _split("\u2015"),
    "minus sign": _split("\u2212"),
    "small em dash": _split("\ufe58"),
    "small hyphen-minus": _split("\ufe63"),
    "full-width hyphen": _split("\uff0d"),
    "zero-width space": _split("\u200b"),
    "zero-width joiner": _split("\u200d"),
    "word joiner": _split("\u2060"),
    "byte order mark": _split("\ufeff"),
    "soft hyphen": _split("\u00ad"),
    "spaced hyphen": _split(" - "),
    "spaced en dash, 12 digits": _split(" \u2013 ", twelve=True),
    "grouped 3-3-2-2": lambda c, t: f"{t[:3]} {t[3:6]} {t[6:8]} {t[8:]}",
    "grouped 4-4-2": lambda c, t: f"{t[:4]} {t[4:8]} {t[8:]}",
    "grouped 12 digits 4-4-4": lambda c, t: f"{c}{t[:2]} {t[2:6]} {t[6:]}",
    "full-width digits": lambda c, t: f"{t[:6]}-{t[6:]}".translate(FULL_WIDTH),
    "full-width digits, 12": lambda c, t: f"{c}{t}".translate(FULL_WIDTH),
    "in a sentence": lambda c, t: f"Klienten {t[:6]} {t[6:]} har flyttat.",
    "after a colon": lambda c, t: f"pnr:{c}{t[:6]}\u2013{t[6:]}, se akten",
}

# Numbers that identify no person: accepted by every field (A10).
HARMLESS = [
    # organisation numbers (the third digit is 2 or more: never a date)
    "556036-0793", "5560360793", "802002-4280", "212000-0142", "Org.nr 556036–0793",
    # dates and periods
    "2026-12-07", "20261207", "7 december 2026", "2026-12-07 10:30", "07.12.2026",
    "2026-12-07 – 2027-01-06", "2026-12-07–2026-12-31", "Period 20261201-20261231",
    # phone numbers
    "08-123 456 78", "070-123 45 67", "+46 70 123 45 67", "+46 8 123 456 78",
    "0046 70 123 45 67", "070-1234567", "08-12345678", "+46701234567", "(08) 123 456 78",
    # amounts
    "4 500 000 kr", "1 234 567,89", "4\u00a0500\u00a0000 kr", "1 234 567 890 kr",
    "\u22124 500,50 kr", "12 345 678 901 kr", "Takvärde 250 000 000 kr",
    # diarienummer, case references, invoice and OCR numbers
    "SN 2026/1234", "KS-2026-0042", "Dnr KS 2026/123", "SOL-2026-0042", "Dnr 2026-00123",
    "JFL-DEMO-0001", "F-100", "Faktura 2026-000123", "Fakturanr 100234567",
    "OCR 1234567890123", "IVO 3.5.1-12345/2026",
    # bank: IBAN (valid, its first digits read as a date), bankgiro, plusgiro, accounts
    "SE45 5000 0000 0583 9825 7466", "SE05 1201 0000 0000 0000 0005", "Bankgiro 5050-1055",
    "Plusgiro 28 65 43-4", "Clearing 8327-9, konto 123 456 789-0",
    # counts and other numbers in a sentence
    "Vecka 49: 3 dygn, 12 månader, 4 besök", "Postnummer 123 45 Solna",
    "ISBN 978-91-0-012345-6", "Rum 12, plats 3 av 40",
]

# --- Discovery ----------------------------------------------------------------------------


def _import_registry():
    """Import every module of the registry (not the migrations) so every class is known."""
    for module in pkgutil.walk_packages(registry.__path__, "registry."):
        if not module.name.startswith("registry.migrations"):
            importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _is_text_field(unbound):
    kind = getattr(unbound, "field_class", None)
    return (isinstance(unbound, UnboundField) and issubclass(kind, StringField)
            and not issubclass(kind, HiddenField | PasswordField))


def answers_form(**kwargs):
    """Return the quality answer form (built per checklist) with one indicator per type."""
    from registry.quality import forms
    from registry.quality.scoring import AnswerType

    indicators = [SimpleNamespace(id=index, code=f"K{index}", answer_type=kind)
                  for index, kind in enumerate(AnswerType, start=1)]
    return forms.answers_form(indicators, **kwargs)


def form_text_fields():
    """Return (form class, field name) for every text field of every form (a password is
    never stored and hidden fields are never typed into)."""
    _import_registry()
    classes = [cls for cls in _subclasses(BaseForm) if "<locals>" not in cls.__qualname__]
    found = {(cls, name) for cls in classes for name in dir(cls)
             if _is_text_field(getattr(cls, name, None))}
    return sorted(found, key=lambda pair: (pair[0].__module__, pair[0].__qualname__, pair[1]))


def schema_text_fields():
    """Return (schema class, field name, is a choice) for every field of every SwedishSchema
    that loads text: a string, or a list or dict of strings."""
    _import_registry()
    found = []
    for cls in sorted(set(_subclasses(SwedishSchema)), key=lambda c: (c.__module__, c.__name__)):
        for name, field in cls().load_fields.items():
            text = _text_of(field)
            if text is not None:
                choice = any(isinstance(check, validate.OneOf) for check in text.validators)
                found.append((cls, name, choice))
    return found


def _text_of(field):
    """Return the String field text is loaded into (the field or its items), else None."""
    if isinstance(field, fields.List):
        return _text_of(field.inner)
    if isinstance(field, fields.Dict):
        return _text_of(field.value_field) if field.value_field is not None else None
    return field if isinstance(field, fields.String) else None


def schema_value(field, text):
    """Return `text` shaped for the field: a list field gets [text], a dict {"a": text}."""
    if isinstance(field, fields.List):
        return [text]
    if isinstance(field, fields.Dict):
        return {"a": text}
    return text
