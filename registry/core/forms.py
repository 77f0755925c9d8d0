"""BaseForm: Flask-WTF with CSRF, Swedish messages and optimistic-lock support."""

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, PasswordField, SelectMultipleField, StringField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from registry.core.identifiers import SOLE_TRADER, contains_personnummer
from registry.core.money import MoneyError, parse_money

REQUIRED = "Fältet måste fyllas i."
DATE_MESSAGE = "Ange datum som ÅÅÅÅ-MM-DD."
NUL_MESSAGE = "Fältet innehåller ett tecken (NUL) som inte kan sparas. Ta bort det."


class BaseForm(FlaskForm):
    """All registry forms: CSRF on, Swedish error texts."""

    class Meta:
        locales = ("sv_SE", "sv")

    def validate(self, extra_validators=None):
        """Validate the fields, then refuse NUL characters (PostgreSQL cannot store them) and
        a personnummer or samordningsnummer in any typed text, however it is written."""
        valid = super().validate(extra_validators)
        for field in self:
            problems = _raw_problems(field)
            if problems:
                field.errors = [*field.errors, *problems]
                valid = False
        return valid

    def add_error(self, field_name, message):
        """Attach a service's refusal to the field it concerns (or to the form)."""
        field = getattr(self, field_name, None) if field_name else None
        if field is None:
            self.form_errors.append(message)
        else:
            field.errors = [*field.errors, message]


class VersionedForm(BaseForm):
    """A form that edits a versioned record carries the version it was read at."""

    version = HiddenField()


class MoneyField(StringField):
    """Kronor typed the Swedish way ('4 500', '4 500,50 kr'); `.ore` holds the value."""

    ore = None

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.ore = None
        if isinstance(self.data, str) and self.data.strip():  # not posted: data is the obj's
            try:
                self.ore = parse_money(self.data)
            except MoneyError as exc:
                raise ValidationError(str(exc)) from exc


class IsoDateField(DateField):
    """A date typed as 2026-11-22; anything else is refused with a Swedish message."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(DATE_MESSAGE) from exc


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes (render_checkboxes wraps it in a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def personnummer_message(label):
    """Return the refusal for a field holding a personnummer, naming the field."""
    return f"{label} får inte innehålla ett personnummer eller samordningsnummer."


def _raw_problems(field):
    """Return the messages for what was typed into the field that can never be stored."""
    raw = field.raw_data or ()
    problems = [NUL_MESSAGE] if any("\x00" in str(value) for value in raw) else []
    if _guarded(field) and any(contains_personnummer(value) for value in raw
                               if isinstance(value, str)):
        problems.append(personnummer_message(field.label.text))
    return problems


def _guarded(field):
    """Return True for a field whose typed text could be stored.

    Hidden fields (CSRF token, version, form name) are compared, never stored; a password is
    stored only as a hash, and refusing one at login would lock its owner out. An
    organisation number refused as a sole trader's already says why.
    """
    return (not isinstance(field, HiddenField | PasswordField)
            and SOLE_TRADER not in field.errors)
