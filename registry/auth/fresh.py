"""Fresh login: exports, user and role changes and claim decisions need a recent password.

A session remembers when its password was last entered (`password_at`, set at login and at
re-authentication). A sensitive view decorated with `fresh_login_required` sends a session
whose password is older than REGISTRY_FRESH_LOGIN_MINUTES to "Bekräfta ditt lösenord", and
from there back to where the user was. The API is not covered: it authenticates every call
with a bearer token and has no session to freshen (registry/api/guard.py).
"""

from functools import wraps
from urllib.parse import urlsplit

from flask import redirect, request, session, url_for
from flask_login import current_user

from registry.core.dates import utcnow
from registry.core.settings import current_settings

PASSWORD_AT = "password_at"


def mark_fresh():
    """Note in the session that the password was entered now."""
    session[PASSWORD_AT] = utcnow().timestamp()


def is_fresh():
    """Return True when the session's password was entered recently enough."""
    minutes = current_settings().auth.fresh_login_minutes
    return utcnow().timestamp() - session.get(PASSWORD_AT, 0) <= minutes * 60


def _return_path():
    """Where to come back to: this page for a GET, the page the form was on for a POST."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host or not referrer.path.startswith("/"):
        return None
    return referrer.path + (f"?{referrer.query}" if referrer.query else "")


def fresh_login_required(view):
    """Guard a sensitive view: a stale password sends the user to confirm it first.

    Put it below `require(...)`, so a user without the permission gets 403, not this page.
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_user.is_authenticated and not is_fresh():
            return redirect(url_for("auth.reauthenticate", next=_return_path()))
        return view(*args, **kwargs)

    wrapped.fresh_login_required = True
    return wrapped
