"""Provider, status-change and document forms; shared field checks for procurement forms."""

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from registry.core.forms import (
    REQUIRED,
    BaseForm,
    IsoDateField,
    MultiCheckboxField,
    VersionedForm,
)
from registry.core.identifiers import normalise_org_number
from registry.providers import queries
from registry.providers.models import (
    DocumentKind,
    OrgForm,
    ServiceUnit,
    TargetGroup,
)
from registry.providers.services import EDITABLE


def org_number_check(_form, field):
    """Normalise the organisation number, refusing a bad form, check digit or a personnummer."""
    try:
        field.data = normalise_org_number(field.data or "")
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


def web_address(_form, field):
    """Accept only http(s) addresses, so a link can never run script."""
    if field.data and not field.data.startswith(("https://", "http://")):
        raise ValidationError("Webbadressen ska börja med https:// eller http://.")


def date_field(label, required=False):
    """Return an ISO date field, required or optional."""
    first = InputRequired(REQUIRED) if required else Optional()
    return IsoDateField(label, validators=[first], format="%Y-%m-%d")


class ProviderForm(VersionedForm):
    legal_name = StringField("Namn (juridiskt)", validators=[
        DataRequired(REQUIRED), Length(max=200)])
    org_number = StringField("Organisationsnummer", validators=[
        DataRequired(REQUIRED), org_number_check], render_kw={"placeholder": "NNNNNN-NNNN"})
    org_form = SelectField("Organisationsform", choices=OrgForm.choices())
    municipality_id = SelectField("Kommun (om utföraren är en kommun)", coerce=str,
                                  validators=[Optional()])
    services = MultiCheckboxField("Insatser", coerce=int)
    target_groups = MultiCheckboxField("Målgrupper", choices=TargetGroup.choices())
    regions = StringField("Kan placera i (regioner, orter)", validators=[Length(max=300)])
    capacity = IntegerField("Kapacitet (platser)", validators=[
        Optional(), NumberRange(min=0, max=10000, message="Ange ett antal från 0.")])
    description = TextAreaField("Beskrivning", validators=[Length(max=4000)])
    permit_number = StringField("IVO-tillståndets nummer", validators=[Length(max=60)])
    permit_scope = StringField("Tillståndets omfattning", validators=[Length(max=300)])
    permit_valid_until = date_field("Tillståndet gäller till och med")
    contact_email = EmailField("E-post till kontaktperson", validators=[
        Optional(), Length(max=254)])
    contact_phone = StringField("Telefon", validators=[Length(max=40)])
    website = StringField("Webbplats", validators=[Length(max=200), web_address])

    def fill_choices(self):
        """Fill the service and municipality lists (the page and the API alike)."""
        self.services.choices = [(s.id, s.name) for s in queries.service_types()]
        self.municipality_id.choices = [("", "Ingen – utföraren är inte en kommun")] + [
            (str(m.id), m.name) for m in queries.municipalities()]
        return self

    def values(self):
        """Return what the provider services save, from the validated form."""
        values = {name: self[name].data for name in EDITABLE if name in self}
        values["municipality_id"] = int(self.municipality_id.data) \
            if self.municipality_id.data else None
        return values

    def validate(self, extra_validators=None):
        """Check the fields, then that a permit number comes with its end date."""
        valid = super().validate(extra_validators)
        if (self.permit_number.data or "").strip() and not self.permit_valid_until.data \
                and not self.permit_valid_until.errors:
            self.add_error("permit_valid_until",
                           "Ange till och med vilket datum tillståndet gäller.")
            valid = False
        return valid

    def validate_contact_email(self, field):
        if field.data and "@" not in field.data:
            raise ValidationError("Ange en giltig e-postadress.")


class StatusForm(VersionedForm):
    action = SelectField("Ändring", choices=[
        ("suspend", "Stäng av tillfälligt"), ("terminate", "Avsluta samarbetet"),
        ("review", "Sätt under granskning"), ("reinstate", "Återaktivera")])
    reason = TextAreaField("Skäl", validators=[
        DataRequired("Ange skälet till ändringen."), Length(max=2000)])
    suspended_until = date_field("Avstängd till och med")

    def validate(self, extra_validators=None):
        """Check the fields, then that a suspension has its end date."""
        valid = super().validate(extra_validators)
        if self.action.data == "suspend" and not self.suspended_until.data \
                and not self.suspended_until.errors:
            self.add_error("suspended_until", "En avstängning behöver ett slutdatum.")
            valid = False
        return valid


class DocumentForm(BaseForm):
    kind = SelectField("Dokumenttyp", choices=DocumentKind.choices(
        exclude=(DocumentKind.EVIDENCE, DocumentKind.POLICE_DECISION)))
    file = FileField("PDF-fil")


class ServiceTypeForm(VersionedForm):
    name = StringField("Namn", validators=[DataRequired(REQUIRED), Length(max=120)])
    unit = SelectField("Prisenhet", choices=ServiceUnit.choices())
    requires_permit = BooleanField("Kräver tillstånd från IVO")
    residential = BooleanField("Insats med boende")
    active = BooleanField("Kan väljas för nya priser och placeringar", default=True)

    def values(self):
        """Return what the service-type services save."""
        return {name: self[name].data for name in
                ("name", "unit", "requires_permit", "residential", "active")}
