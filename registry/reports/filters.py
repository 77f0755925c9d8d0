"""The filters every report takes: a whole period, municipality, service type, provider."""

from dataclasses import dataclass

from sqlalchemy import select
from wtforms import SelectField

from registry.core.dates import today
from registry.core.forms import BaseForm
from registry.core.periods import Period, choices, is_allowed
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.providers.models import Provider, ServiceType

WHOLE_PERIODS_ONLY = ("Statistiken räknas bara för hela perioder: välj en månad, ett kvartal, "
                      "ett halvår eller ett år i listan. Egna datum (fran/till) går inte att "
                      "ange, eftersom två godtyckliga perioder jämförda kan peka ut en person.")
UNKNOWN_PERIOD = "Välj en period i listan."


@dataclass(frozen=True)
class ReportFilters:
    """What a report is limited to; None means every municipality, service type or provider."""

    period: Period
    municipality_id: int | None = None
    service_type_id: int | None = None
    provider_id: int | None = None

    @classmethod
    def year(cls, year, **values):
        """Return filters for a calendar year."""
        return cls(Period.whole_year(year), **values)

    @property
    def first(self):
        return self.period.first

    @property
    def last(self):
        return self.period.last

    def query_args(self):
        """Return the filters as URL query arguments (for the export links)."""
        args = {"period": self.period.key}
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

    period = SelectField("Period", validate_choice=False)
    kommun = SelectField("Kommun", coerce=_optional_id, validate_choice=False)
    insatstyp = SelectField("Insatstyp", coerce=_optional_id, validate_choice=False)
    utforare = SelectField("Utförare", coerce=_optional_id, validate_choice=False)

    def __init__(self, formdata=None, on=None, **kwargs):
        super().__init__(formdata, **kwargs)
        self.on = on or today()
        self.asked_dates = bool(formdata) and any(
            formdata.get(name) not in (None, "") for name in ("fran", "till"))
        self.period.choices = choices(self.on)
        if not self.period.data:
            self.period.data = Period.whole_year(self.on.year).key
        self.kommun.choices = [("", "Alla kommuner"), *_choices(Municipality.id, Municipality.name)]
        self.insatstyp.choices = [("", "Alla insatstyper"),
                                  *_choices(ServiceType.id, ServiceType.name)]
        self.utforare.choices = [("", "Alla utförare"),
                                 *_choices(Provider.id, Provider.legal_name)]

    def chosen_period(self):
        """Return the chosen Period, or None when it is not a period that may be chosen."""
        try:
            period = Period.parse(self.period.data)
        except ValueError:
            return None
        return period if is_allowed(period, self.on) else None

    def validate(self, extra_validators=None):
        """Validate, then check the period is a whole allowed one and each chosen id exists."""
        valid = super().validate(extra_validators)
        if self.asked_dates:
            self.period.errors = [*self.period.errors, WHOLE_PERIODS_ONLY]
            valid = False
        elif self.chosen_period() is None:
            self.period.errors = [*self.period.errors, UNKNOWN_PERIOD]
            valid = False
        for field in (self.kommun, self.insatstyp, self.utforare):
            if field.data is not None and field.data not in {v for v, _ in field.choices if v}:
                field.errors = [*field.errors, "Välj ett alternativ i listan."]
                valid = False
        return valid

    def filters(self):
        """Return the ReportFilters the form describes (default: this year)."""
        return ReportFilters(self.chosen_period(), self.kommun.data, self.insatstyp.data,
                             self.utforare.data)


def _choices(key, name):
    return [(row_id, text) for row_id, text in db.session.execute(select(key, name).order_by(name))]
