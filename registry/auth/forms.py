"""Login, password and user-administration forms."""

from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from registry.core.forms import REQUIRED, BaseForm, MultiCheckboxField
from registry.core.permissions import Role

# A plain format check: the demo accounts use the reserved .invalid domain, which
# deliverability-minded validators refuse; delivery is not this form's concern.
EMAIL_FORMAT = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Ange en giltig e-postadress.")


class LoginForm(BaseForm):
    email = EmailField("E-postadress", validators=[
        DataRequired(REQUIRED), EMAIL_FORMAT, Length(max=254)])
    password = PasswordField("Lösenord", validators=[DataRequired(REQUIRED), Length(max=128)])


class ConfirmPasswordForm(BaseForm):
    password = PasswordField("Lösenord", validators=[DataRequired(REQUIRED), Length(max=128)])


class PasswordForm(BaseForm):
    current_password = PasswordField("Nuvarande lösenord", validators=[DataRequired(REQUIRED)])
    new_password = PasswordField("Nytt lösenord", validators=[DataRequired(REQUIRED)])
    confirm = PasswordField("Upprepa nytt lösenord", validators=[
        DataRequired(REQUIRED), EqualTo("new_password", "Lösenorden stämmer inte överens.")])


class UserForm(BaseForm):
    email = EmailField("E-postadress", validators=[
        DataRequired(REQUIRED), EMAIL_FORMAT, Length(max=254)])
    display_name = StringField("Namn", validators=[DataRequired(REQUIRED), Length(max=120)])
    municipality = SelectField("Kommun", coerce=str, validate_choice=True)
    roles = MultiCheckboxField("Roller", choices=Role.choices())
    password = PasswordField("Startlösenord", validators=[DataRequired(REQUIRED)])

    def validate_roles(self, field):
        if not field.data:
            raise ValidationError("Välj minst en roll.")
