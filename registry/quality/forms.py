"""Forms of the quality area: checklist versions, indicators, assessments and their answers."""

import math
import re

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from registry.core.forms import DATE_MESSAGE, REQUIRED, BaseForm, VersionedForm
from registry.core.money import format_number
from registry.quality.models import AnswerType

YES_NO_CHOICES = [("yes", "Ja"), ("no", "Nej")]
SCALE_CHOICES = [("0", "0 – saknas"), ("1", "1 – otillräckligt"), ("2", "2 – godtagbart"),
                 ("3", "3 – väl uppfyllt")]
_NUMBER = re.compile(r"^-?\d+(,\d+)?$")


class NumberField(StringField):
    """A decimal number typed the Swedish way ('12,5'); `.number` holds the float or None."""

    number = None

    def _value(self):
        if isinstance(self.data, (int, float)):
            return format_number(self.data)
        return super()._value()

    def process_formdata(self, valuelist):
        self.number = None
        if not valuelist:  # not posted at all: the record's own value (a float) stands
            if isinstance(self.data, (int, float)):
                self.number = float(self.data)
            return
        super().process_formdata(valuelist)
        raw = re.sub(r"[\s\u00a0]", "", (self.data or "")).replace("\u2212", "-")
        if raw:
            if not _NUMBER.match(raw):
                raise ValidationError("Ange ett tal, till exempel 250 eller 12,5.")
            self.number = float(raw.replace(",", "."))
            if not math.isfinite(self.number):
                self.number = None
                raise ValidationError("Talet är för stort.")


class TemplateForm(VersionedForm):
    name = StringField("Namn", validators=[InputRequired(REQUIRED), Length(max=200)])
    provenance = TextAreaField(
        "Ursprung och status", validators=[Optional(), Length(max=4000)],
        description="Var indikatorerna kommer ifrån, till exempel att listan är härledd.")


class IndicatorForm(VersionedForm):
    """One indicator of a draft version; `version` is the template's version."""

    code = StringField("Kod", validators=[
        InputRequired(REQUIRED), Length(max=12),
        Regexp(r"^[A-Za-z0-9_.-]+$", message="Använd bokstäver, siffror, punkt eller streck.")])
    section = StringField("Avsnitt", validators=[InputRequired(REQUIRED), Length(max=120)])
    position = IntegerField("Ordning", validators=[
        Optional(), NumberRange(1, 999, "Ange ett heltal 1–999.")])
    text = TextAreaField("Indikator", validators=[InputRequired(REQUIRED), Length(max=2000)])
    guidance = TextAreaField("Vägledning till den som bedömer",
                             validators=[Optional(), Length(max=2000)])
    grounding = StringField("Grund (källa)", validators=[Optional(), Length(max=200)])
    answer_type = SelectField("Svarstyp", choices=AnswerType.choices(),
                              validators=[InputRequired(REQUIRED)])
    weight = IntegerField("Vikt", default=1, validators=[
        InputRequired("Ange en vikt 0–100."), NumberRange(0, 100, "Ange en vikt 0–100.")])
    critical = BooleanField("Kritisk: ett underkänt svar underkänner hela bedömningen")
    evidence_required = BooleanField("Underlag (PDF) krävs")
    number_zero_at = NumberField("Tal: värde som ger 0 poäng")
    number_full_at = NumberField("Tal: värde som ger full poäng")

    def validate_number_full_at(self, field):
        """The database refuses equal values whatever the answer type; say so at the field."""
        if field.number is not None and field.number == self.number_zero_at.number:
            raise ValidationError("Värdena för 0 och full poäng måste skilja sig åt.")


class StartAssessmentForm(BaseForm):
    provider_id = SelectField("Utförare", coerce=int, validators=[InputRequired(REQUIRED)])
    template_id = SelectField("Checklista", coerce=int, validators=[InputRequired(REQUIRED)])
    assessed_on = DateField("Bedömningsdatum", validators=[InputRequired(DATE_MESSAGE)])


class AssessmentFormBase(VersionedForm):
    """The fixed part of the answer form; answers_form() adds three fields per indicator."""

    assessed_on = DateField("Bedömningsdatum", validators=[InputRequired(DATE_MESSAGE)])
    valid_until = DateField("Giltig till och med", validators=[Optional()],
                            description="Lämna tomt för 12 månader från bedömningsdatumet.")
    summary = TextAreaField("Sammanfattning", validators=[Optional(), Length(max=4000)])


def value_field(indicator):
    """Return the unbound answer field for one indicator's answer type."""
    label = f"Svar på {indicator.code}"
    kind = indicator.answer_type
    if kind == AnswerType.YES_NO:
        return RadioField(label, choices=YES_NO_CHOICES, validators=[Optional()])
    if kind == AnswerType.SCALE:
        return RadioField(label, choices=SCALE_CHOICES, validators=[Optional()])
    if kind == AnswerType.NUMBER:
        return NumberField(label)
    return TextAreaField(label, validators=[Optional(), Length(max=2000)])


def answers_form(indicators, **kwargs):
    """Build the answer form for a checklist version: value, comment and evidence per indicator."""

    class AnswersForm(AssessmentFormBase):
        """One value, comment and evidence field per indicator, added below."""

    for indicator in indicators:
        setattr(AnswersForm, f"value_{indicator.id}", value_field(indicator))
        setattr(AnswersForm, f"comment_{indicator.id}", TextAreaField(
            f"Kommentar till {indicator.code}", validators=[Optional(), Length(max=2000)]))
        setattr(AnswersForm, f"evidence_{indicator.id}", FileField(
            f"Underlag till {indicator.code} (PDF)"))
    return AnswersForm(**kwargs)


def typed_value(indicator, field):
    """Return a bound answer field's value as the service stores it (None when empty)."""
    kind = indicator.answer_type
    if kind == AnswerType.YES_NO:
        return {"yes": True, "no": False}.get(field.data)
    if kind == AnswerType.SCALE:
        return int(field.data) if field.data in {"0", "1", "2", "3"} else None
    if kind == AnswerType.NUMBER:
        return field.number
    return (field.data or "").strip() or None


def stored_value(indicator, answer):
    """Return an answer row's value as the form field shows it."""
    if answer is None:
        return None
    kind = indicator.answer_type
    if kind == AnswerType.TEXT:
        return answer.value_text
    number = answer.value_number
    if number is None:
        return None
    if kind == AnswerType.YES_NO:
        return "yes" if number >= 1 else "no"
    if kind == AnswerType.SCALE:
        return str(int(number))
    return format_number(number)
