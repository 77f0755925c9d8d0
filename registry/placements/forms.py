"""Forms for placements, reports, follow-ups and deviations (choices are set by the view)."""

from wtforms import (
    BooleanField,
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
    MoneyField,
    VersionedForm,
)
from registry.placements import choices

TEXT_LIMIT = 4000


class OptionalSelectField(SelectField):
    """A select whose first, blank option means "not given"; a missing value is blank."""

    def process_data(self, value):
        super().process_data("" if value is None else value)


def free_text(label, required=False, limit=TEXT_LIMIT):
    """A text area, required or optional (BaseForm refuses a personnummer in it)."""
    first = DataRequired(REQUIRED) if required else Optional()
    return TextAreaField(label, validators=[first, Length(max=limit)])


def required_date(label):
    return IsoDateField(label, validators=[InputRequired(REQUIRED)])


def optional_date(label):
    return IsoDateField(label, validators=[Optional()])


class _CaseFields(BaseForm):
    """What registration and editing share: the pseudonymous case and its plans."""

    case_reference = StringField("Ärendereferens", validators=[
        DataRequired(REQUIRED), Length(max=40)])
    support_category = SelectField("Stödkategori", choices=choices.SupportCategory.choices())
    age_band = SelectField("Åldersgrupp", choices=choices.AgeBand.choices())
    initial_period_end = optional_date("Första periodens slut")
    care_plan_on = optional_date("Vårdplan upprättad (kommunen)")
    implementation_plan_received_on = optional_date("Genomförandeplan mottagen (utföraren)")
    police_definition_on = optional_date(choices.POLICE_CRITERIA["police_definition_on"])
    motivated_on = optional_date(choices.POLICE_CRITERIA["motivated_on"])
    protection_need_on = optional_date(choices.POLICE_CRITERIA["protection_need_on"])
    consent_on = optional_date(choices.POLICE_CRITERIA["consent_on"])
    conditions_agreement_on = optional_date(choices.POLICE_CRITERIA["conditions_agreement_on"])
    planned_hours_per_month = IntegerField("Planerade timmar per månad (timpris)", validators=[
        Optional(), NumberRange(0, 744, "Ange ett antal timmar mellan 0 och 744.")])


class PlacementForm(_CaseFields):
    """Register a placement: provider, agreement or outside agreement, start."""

    service_type_id = SelectField("Insats", coerce=int, validators=[InputRequired(REQUIRED)])
    provider_id = SelectField("Utförare", coerce=int, validators=[InputRequired(REQUIRED)])
    agreement_id = OptionalSelectField("Avtal", coerce=str)
    outside_agreement_reason = free_text("Motivering för köp utanför avtal")
    daily_rate = MoneyField("Pris utanför avtal (kr, i insatsens enhet)")
    start_date = required_date("Startdatum")
    standing_confirmed = BooleanField(
        "Jag har sett varningen om utförarens kvalitetsbedömning och väljer utföraren ändå")
    standing_reason = free_text("Skäl att välja utföraren trots kvalitetsbedömningen")


class PlacementEditForm(_CaseFields, VersionedForm):
    """Edit the case details; provider, agreement, start and rate are not changed here."""

    case_officer_id = SelectField("Ansvarig handläggare", coerce=int)
    initial_period_end = required_date("Första periodens slut")


class RateChangeForm(BaseForm):
    valid_from = required_date("Gäller från")
    daily_rate = MoneyField("Nytt pris (kr, i placeringens enhet)",
                            validators=[InputRequired(REQUIRED)])
    reason = free_text("Skäl till ändringen", required=True)


class ExtensionForm(BaseForm):
    decided_on = required_date("Beslutsdatum")
    new_end = required_date("Nytt slutdatum")
    reason = free_text("Skäl till förlängningen", required=True)


class EndForm(BaseForm):
    end_date = required_date("Slutdatum")
    end_reason = SelectField("Avslutsorsak", choices=choices.EndReason.choices(
        "Välj avslutsorsak"), validators=[InputRequired(REQUIRED)])

    def validate_end_reason(self, field):
        if not field.data:
            raise ValidationError("Välj en avslutsorsak.")


class _ReportKey(BaseForm):
    """Which report: the month it covers and who sent it (set once, at registration)."""

    month = SelectField("Månad", coerce=str)
    source = SelectField("Från", choices=choices.ReportSource.choices())


class _ReportContent(BaseForm):
    """A monthly report as received, and the case officer's follow-up of it."""

    received_on = required_date("Mottagen")
    days_in_care = IntegerField("Dygn i vård under månaden", validators=[
        Optional(), NumberRange(0, 31, "Ange ett antal dygn mellan 0 och 31.")])
    hours = IntegerField("Timmar under månaden (insats med timpris)", validators=[
        Optional(), NumberRange(0, 744, "Ange ett antal timmar mellan 0 och 744.")])
    participation = OptionalSelectField("Deltagande", choices=choices.Participation.choices(
        "Inte angivet"))
    goal_progress = OptionalSelectField("Framsteg mot vårdplanens mål",
                                        choices=choices.GoalProgress.choices("Inte angivet"))
    deviations_flagged = BooleanField("Rapporten anger avvikelser under månaden")
    report_text = free_text("Rapporttext")
    follow_up_note = free_text("Handläggarens uppföljning")
    decision = OptionalSelectField("Beslut efter rapporten", choices=choices.ReportDecision.choices(
        "Inget beslut ännu"))


class ReportForm(_ReportKey, _ReportContent):
    """Register a month's report."""


class ReportEditForm(_ReportContent, VersionedForm):
    """Edit a report or record its follow-up; month and source stay as registered."""


class FollowUpForm(BaseForm):
    held_on = required_date("Datum för uppföljningen")
    participants = StringField("Deltagare", validators=[
        DataRequired(REQUIRED), Length(max=200)])
    outcome = free_text("Resultat", required=True)
    next_due = optional_date("Nästa uppföljning")


class FollowUpEditForm(FollowUpForm, VersionedForm):
    """Edit a follow-up."""


class DeviationForm(BaseForm):
    occurred_on = required_date("Datum för avvikelsen")
    kind = SelectField("Typ av avvikelse", choices=choices.DeviationKind.choices())
    reported_by = SelectField("Rapporterad av", choices=choices.Reporter.choices())
    description = free_text("Beskrivning")
    meeting_on = optional_date("Möte med utförare, polis och klient")
    decision = OptionalSelectField("Beslut", choices=choices.DeviationDecision.choices(
        "Inget beslut ännu"))
    decided_on = optional_date("Beslutsdatum")
    end_date = optional_date("Slutdatum om placeringen avslutas")


class DeviationEditForm(DeviationForm, VersionedForm):
    """Edit a deviation, typically to record the meeting and the decision."""
