"""The audit-log filter form (GET, no CSRF needed for a search)."""

from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import NumberRange, Optional

from registry.core.audit import AuditAction
from registry.core.forms import BaseForm


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False

    action = SelectField("Händelse", choices=AuditAction.choices(blank="Alla"),
                         validators=[Optional()])
    entity = SelectField("Post", choices=[("", "Alla")], validators=[Optional()])
    entity_id = IntegerField("Post-id", validators=[Optional(), NumberRange(min=1)])
    case_reference = StringField("Ärendereferens", validators=[Optional()])
    user = StringField("Användare (namn eller e-post)", validators=[Optional()])
    municipality_id = SelectField("Kommun", coerce=str, validators=[Optional()])
    date_from = DateField("Från och med", validators=[Optional()])
    date_to = DateField("Till och med", validators=[Optional()])
