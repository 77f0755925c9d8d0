"""Agreement, party-provider, option, terms and price forms (they may query, never save)."""

from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from registry.agreements import models, queries
from registry.agreements.models import CONTRACT_TERMS, OptionDecision
from registry.core.forms import REQUIRED, BaseForm, MoneyField, VersionedForm
from registry.providers.forms import MultiCheckboxField, date_field


class AgreementForm(VersionedForm):
    reference = StringField("Diarienummer", validators=[DataRequired(REQUIRED), Length(max=60)])
    title = StringField("Titel", validators=[DataRequired(REQUIRED), Length(max=200)])
    form = SelectField("Avtalsform", choices=models.AgreementForm.choices())
    lead_municipality_id = SelectField("Ansvarig kommun", coerce=int)
    participant_ids = MultiCheckboxField("Deltagande kommuner", coerce=int)
    start_date = date_field("Avtalet gäller från", required=True)
    end_date = date_field("Avtalet gäller till och med", required=True)
    ceiling = MoneyField("Takvärde (kr)", validators=[Optional()])
    description = TextAreaField("Beskrivning", validators=[Length(max=4000)])

    FIELDS = ("reference", "title", "form", "lead_municipality_id", "participant_ids",
              "start_date", "end_date", "description")

    def fill_choices(self):
        """Fill the municipality lists (the page and the API alike)."""
        municipalities = [(m.id, m.name) for m in queries.municipalities()]
        self.lead_municipality_id.choices = municipalities
        self.participant_ids.choices = municipalities
        return self

    def values(self):
        """Return what the agreement services save, from the validated form."""
        values = {name: self[name].data for name in self.FIELDS}
        values["reference"] = values["reference"].strip()
        values["ceiling_ore"] = self.ceiling.ore
        return values

    def validate_end_date(self, field):
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError("Avtalet kan inte sluta innan det börjar.")


class PartyProviderForm(BaseForm):
    provider_id = SelectField("Utförare", coerce=int)
    rank = IntegerField("Rangordning", validators=[
        Optional(), NumberRange(min=1, max=99, message="Ange en rang från 1.")])
    call_off_rule = StringField("Avropsregel", validators=[Length(max=300)])


class OptionForm(VersionedForm):
    length_months = IntegerField("Längd i månader", validators=[
        DataRequired(REQUIRED), NumberRange(min=1, max=60, message="Ange 1–60 månader.")])
    exercise_by = date_field("Sista dag att utnyttja optionen", required=True)


class OptionDecisionForm(VersionedForm):
    decision = SelectField("Beslut", choices=OptionDecision.choices(
        exclude=(OptionDecision.PENDING,)))
    decided_on = date_field("Beslutsdatum", required=True)


class TermsForm(VersionedForm):
    """One checkbox and one note per contract term the report asks for."""


for _code, _label in CONTRACT_TERMS.items():
    setattr(TermsForm, f"{_code}_fulfilled", BooleanField(_label))
    setattr(TermsForm, f"{_code}_note", TextAreaField(
        f"Anteckning om villkoret {_label.lower()}",
        validators=[Length(max=1000)]))


class PriceItemForm(BaseForm):
    provider_id = SelectField("Utförare", coerce=int)
    service_type_id = SelectField("Insats", coerce=int)
    addon = StringField("Tillägg (lämna tomt för grundpriset)", validators=[Length(max=80)])
    valid_from = date_field("Gäller från", required=True)
    valid_to = date_field("Gäller till och med")
    price = MoneyField("Pris (kr)", validators=[DataRequired(REQUIRED)])
    close_current = BooleanField("Avsluta det pris som gäller tills vidare dagen före")

    def validate(self, extra_validators=None):
        """Check the fields, then that the period does not end before it starts."""
        valid = super().validate(extra_validators)
        if self.valid_to.data and self.valid_from.data and \
                self.valid_to.data < self.valid_from.data:
            self.add_error("valid_to", "Slutdatumet kan inte ligga före startdatumet.")
            valid = False
        return valid

    def validate_price(self, field):
        if field.ore is not None and field.ore <= 0:
            raise ValidationError("Priset måste vara större än noll.")


class PriceEndForm(VersionedForm):
    valid_to = date_field("Sista dag priset gäller", required=True)


class PriceImportForm(BaseForm):
    file = FileField("Prislista (.xlsx eller .csv)")
