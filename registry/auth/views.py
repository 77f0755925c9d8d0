"""Login, logout and the user's own profile."""

import re
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length

from registry.auth import services, tokens
from registry.auth.forms import ConfirmPasswordForm, LoginForm, PasswordForm
from registry.auth.passwords import verify_password
from registry.core.forms import REQUIRED, BaseForm
from registry.core.refusal import Refused
from registry.core.roundtrip import UNPROCESSABLE, act, round_trip, submit
from registry.core.settings import current_settings
from registry.extensions import limiter

bp = Blueprint("auth", __name__)

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_next(target):
    """Allow only a relative path inside this application as the place to return to."""
    if not target or _CONTROL.search(target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


def refuse_forged_next():
    """Answer 400 when `next` carries control characters (CR LF): no link of ours does that."""
    if _CONTROL.search(request.args.get("next") or ""):
        abort(400)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def login():
    refuse_forged_next()
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data, request.remote_addr)
        except services.LoginRefused as refused:
            form.form_errors.append(refused.message)
            status = 429 if refused.throttled else 200
        else:
            services.start_session(user)
            return redirect(safe_next(request.args.get("next")) or url_for("dashboard.index"))
    form.password.data = ""
    expired = session.pop("expired", False)
    return render_template("auth/login.html", form=form, expired=expired), status


@bp.route("/bekrafta", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
@login_required
def reauthenticate():
    """Ask for the password again before a sensitive action (registry/auth/fresh.py)."""
    refuse_forged_next()
    form = ConfirmPasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            services.confirm_password(current_user._get_current_object(), form.password.data,
                                      request.remote_addr)
        except services.LoginRefused as refused:
            form.form_errors.append(refused.message)
            status = 429 if refused.throttled else 422
        else:
            return redirect(safe_next(request.args.get("next")) or url_for("dashboard.index"))
    form.password.data = ""
    return render_template("auth/reauthenticate.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    services.end_session(current_user._get_current_object())
    flash("Du är utloggad.", "info")
    return redirect(url_for("auth.login"))


class TokenForm(BaseForm):
    """Create a personal API token (the profile page's second form)."""

    form_name = HiddenField(default="token")
    label = StringField("Namn på nyckeln", validators=[
        DataRequired(REQUIRED), Length(max=tokens.LABEL_MAX)])


class RevokeForm(BaseForm):
    form_name = HiddenField(default="revoke")
    token_id = HiddenField()


@bp.route("/profil", methods=["GET", "POST"])
@login_required
def profile():
    """Show the profile; change the password, create or revoke personal API tokens."""
    which = request.form.get("form_name", "password") if request.method == "POST" else ""
    if which == "token":
        return _create_token()
    if which == "revoke":
        return _revoke_token()
    form = PasswordForm()
    user = current_user._get_current_object()

    def action():
        ok, _ = verify_password(user.password_hash, form.current_password.data)
        if not ok:
            raise Refused("Nuvarande lösenord stämmer inte.", "current_password")
        services.change_password(user, form.new_password.data)
        services.start_session(user)
    return round_trip(form, action, url_for("auth.profile"), lambda: _profile_page(form=form),
                      "Lösenordet är bytt. Alla andra inloggningar är avslutade.")


def _profile_page(form=None, token_form=None, new_token=None):
    user = current_user._get_current_object()
    return render_template("auth/profile.html", form=form or PasswordForm(formdata=None),
                           token_form=token_form or TokenForm(formdata=None),
                           revoke_form=RevokeForm(formdata=None), new_token=new_token,
                           tokens=tokens.tokens_of(user), token_usable=tokens.is_usable,
                           token_days=current_settings().auth.api_token_days)


def _create_token():
    """Create a token and show it once; only its hash is kept."""
    form = TokenForm()
    ok, created = submit(form, lambda: tokens.create_token(current_user._get_current_object(),
                                                           form.label.data))
    if ok:
        return _profile_page(new_token=created[1])
    return _profile_page(token_form=form), UNPROCESSABLE


def _revoke_token():
    form, back = RevokeForm(), url_for("auth.profile")
    if not form.validate_on_submit():
        return redirect(back)
    token_id = int(form.token_id.data) if (form.token_id.data or "").isdigit() else 0
    return act(lambda: tokens.revoke_token(current_user._get_current_object(), token_id),
               "Nyckeln är återkallad och fungerar inte längre.", back)
