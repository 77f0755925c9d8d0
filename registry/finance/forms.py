"""Invoice, claim (each step) and budget forms. Money fields give integer öre in `.ore`."""

from flask_wtf.file import FileField
from wtforms import IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from registry.core.forms import REQUIRED, BaseForm, MoneyField, VersionedForm
from registry.core.forms import IsoDateField as CoreIsoDateField
from registry.finance.models import BudgetLine, ClaimStatus


class IsoDateField(CoreIsoDateField):
    """A date typed as ÅÅÅÅ-MM-DD, required unless told otherwise."""

    def __init__(self, label, required=True, **kwargs):
        first = InputRequired(REQUIRED) if required else Optional()
        super().__init__(label, validators=[first], format="%Y-%m-%d", **kwargs)


def required_money(label):
    """Return a money field that must be filled in."""
    return MoneyField(label, validators=[InputRequired(REQUIRED)])


def days_field(label):
    """Return a whole number of days, 0–366."""
    return IntegerField(label, validators=[
        InputRequired(REQUIRED), NumberRange(min=0, max=366, message="Ange 0–366 dygn.")])


class InvoiceForm(VersionedForm):
    invoice_number = StringField("Fakturanummer", validators=[
        DataRequired(REQUIRED), Length(max=60)])
    period_start = IsoDateField("Periodens första dag")
    period_end = IsoDateField("Periodens sista dag")
    days = days_field("Fakturerade dygn")
    amount = required_money("Fakturerat belopp")
    received_on = IsoDateField("Fakturan mottagen", required=False)
    note = TextAreaField("Anteckning", validators=[Length(max=2000)])

    def values(self):
        """Return the service's values (öre for money)."""
        return {"invoice_number": self.invoice_number.data, "period_start": self.period_start.data,
                "period_end": self.period_end.data, "days": self.days.data,
                "amount_ore": self.amount.ore, "received_on": self.received_on.data,
                "note": self.note.data}


class ListInvoiceForm(InvoiceForm):
    """An invoice registered from the invoice list: the placement is named by case reference."""

    case_reference = StringField("Ärendereferens", validators=[
        DataRequired(REQUIRED), Length(max=40)])


class InvoiceImportForm(BaseForm):
    file = FileField("Fakturafil från ekonomisystemet (.xlsx eller .csv)")


class ClaimForm(VersionedForm):
    period_start = IsoDateField("Periodens första dag")
    period_end = IsoDateField("Periodens sista dag")
    amount = required_money("Sökt belopp")

    def values(self):
        return {"period_start": self.period_start.data, "period_end": self.period_end.data,
                "amount_ore": self.amount.ore}


class SubmitClaimForm(VersionedForm):
    submitted_on = IsoDateField("Inskickad")


DECISION_CHOICES = [(s.value, s.label) for s in
                    (ClaimStatus.APPROVED, ClaimStatus.PARTLY_APPROVED, ClaimStatus.REJECTED)]


class DecideClaimForm(VersionedForm):
    outcome = RadioField("Polisens beslut", choices=DECISION_CHOICES,
                         validators=[InputRequired("Välj beslutet.")])
    decided_on = IsoDateField("Beslutsdatum")
    approved_amount = MoneyField("Beviljat belopp (vid delvis beviljad)")


class PayClaimForm(VersionedForm):
    paid_on = IsoDateField("Utbetald")
    paid_amount = MoneyField("Utbetalt belopp (tomt: det beviljade)")


class PoliceReferenceForm(VersionedForm):
    police_reference = StringField("Polisens diarienummer", validators=[
        DataRequired(REQUIRED), Length(max=60)])


class DecisionLetterForm(VersionedForm):
    file = FileField("Polisens beslut (PDF)")


class DeleteClaimForm(VersionedForm):
    """Only the CSRF token and the version."""


class ReconcileForm(BaseForm):
    """Only the CSRF token."""


class BudgetForm(VersionedForm):
    year = IntegerField("År", validators=[
        InputRequired(REQUIRED), NumberRange(min=2000, max=2100, message="Ange ett år 2000–2100.")])
    line = SelectField("Budgetpost", choices=BudgetLine.choices())
    amount = required_money("Belopp")
    note = TextAreaField("Anteckning", validators=[Length(max=2000)])

    def values(self):
        return {"year": self.year.data, "line": self.line.data, "amount_ore": self.amount.ore,
                "note": self.note.data}
