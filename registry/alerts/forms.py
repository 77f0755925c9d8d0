"""The snooze form (acknowledge and reopen are one-button forms with the CSRF token only)."""

from wtforms.validators import InputRequired

from registry.core.forms import BaseForm, IsoDateField


class SnoozeForm(BaseForm):
    until = IsoDateField("Visa igen den", validators=[InputRequired("Välj ett datum.")])
