"""The filters every report takes: period, municipality, service type, provider."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from wtforms import SelectField
from wtforms.validators import Optional

from registry.core.dates import today
from registry.core.forms import BaseForm, IsoDateField
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.providers.models import Provider, ServiceType


@dataclass(frozen=True)
class ReportFilters:
    """What a report is limited to; None means every municipality, service type or provider."""

    first: date
    last: date
    municipality_id: int | None = None
    service_type_id: int | None = None
    provider_id: int | None = None

    @classmethod
    def year(cls, year, **values):
        """Return filters for a calendar year."""
        return cls(date(year, 1, 1), date(year, 12, 31), **values)

    def query_args(self):
        """Return the filters as URL query arguments (for the export links)."""
        args = {"fran": self.first.isoformat(), "till": self.last.isoformat()}
        for key, value in (("kommun", self.municipality_id), ("insatstyp", self.service_type_id),
                           ("utforare", self.provider_id)):
            if value:
                args[key] = value
        return args


def _optional_id(value):
    return int(value) if value not in (None, "", "None") else None


class FilterForm(BaseForm):
    """The filter bar above every report (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    fran = IsoDateField("Från och med", validators=[Optional()])
    till = IsoDateField("Till och med", validators=[Optional()])
    kommun = SelectField("Kommun", coerce=_optional_id, validate_choice=False)
    insatstyp = SelectField("Insatstyp", coerce=_optional_id, validate_choice=False)
    utforare = SelectField("Utförare", coerce=_optional_id, validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kommun.choices = [("", "Alla kommuner"), *_choices(Municipality.id, Municipality.name)]
        self.insatstyp.choices = [("", "Alla insatstyper"),
                                  *_choices(ServiceType.id, ServiceType.name)]
        self.utforare.choices = [("", "Alla utförare"),
                                 *_choices(Provider.id, Provider.legal_name)]

    def validate(self, extra_validators=None):
        """Validate, then check the period and that each chosen id exists."""
        valid = super().validate(extra_validators)
        first, last = self.fran.data, self.till.data
        if first and last and last < first:
            self.till.errors = [*self.till.errors, "Periodens slut kan inte vara före dess början."]
            valid = False
        for field in (self.kommun, self.insatstyp, self.utforare):
            if field.data is not None and field.data not in {v for v, _ in field.choices if v}:
                field.errors = [*field.errors, "Välj ett alternativ i listan."]
                valid = False
        return valid

    def filters(self, on=None):
        """Return the ReportFilters the form describes (default: this year to date)."""
        on = on or today()
        first = self.fran.data or date(on.year, 1, 1)
        return ReportFilters(first, self.till.data or max(on, first), self.kommun.data,
                             self.insatstyp.data, self.utforare.data)


def _choices(key, name):
    return [(row_id, text) for row_id, text in db.session.execute(select(key, name).order_by(name))]
