"""The one form round trip of every page: validate, call the service, answer.

A valid POST runs the service in a savepoint. Success flashes and redirects (the request
then commits, core/transactions.py). Bad input or a Refused puts each message on its field
(or above the form) and renders the form again with 422, the user's typing kept and
nothing of the action saved (the audited view of the page is kept). The API runs the same
forms and maps the same refusals onto its field names (registry/api/forms.py).
"""

from flask import flash, redirect, request

from registry.core.forms import MoneyField
from registry.core.refusal import Refused
from registry.core.transactions import keep_despite_refusal
from registry.extensions import db

UNPROCESSABLE = 422
SKIPPED = frozenset({"csrf_token", "version"})


def attach(form, refusal):
    """Put each problem of a refusal next to its field (None: above the whole form)."""
    for field, message in refusal.problems:
        form.add_error(field, message)


def attempt(action):
    """Run `action` in a savepoint: a Refused undoes all of it, then propagates."""
    with db.session.begin_nested():
        return action()


def submit(form, action):
    """Validate a posted form and run `action`; return (True, result) or (False, None).

    On (False, None) the reason is on the form: bad input, or the service's refusal. The
    savepoint has undone the action; what the page itself recorded (the audited view of the
    record behind the form) is kept although the answer is 422.
    """
    if not form.validate_on_submit():
        _keep_access_trail()
        return False, None
    try:
        return True, attempt(action)
    except Refused as refusal:
        attach(form, refusal)
        _keep_access_trail()
        return False, None


def _keep_access_trail():
    if form_status() == UNPROCESSABLE:
        keep_despite_refusal()


def form_status():
    """Return 422 for a form posted back with errors, 200 for a first view."""
    return UNPROCESSABLE if request.method == "POST" else 200


def round_trip(form, action, done, page, success=None):
    """Show the form; on a valid POST run `action`, flash `success`, go to `done`.

    `done` and `success` are a URL and a text, or functions of the action's result;
    `page()` renders the form (again).
    """
    ok, result = submit(form, action)
    if not ok:
        return page(), form_status()
    return succeeded(result, done, success)


def succeeded(result, done, success=None):
    """Flash `success` and redirect to `done` (each a value or a function of `result`)."""
    if success:
        flash(success(result) if callable(success) else success, "success")
    return redirect(done(result) if callable(done) else done)


def act(action, success, back):
    """Run a one-button action (CSRF is checked app-wide); flash the outcome, go to `back`."""
    try:
        attempt(action)
    except Refused as refusal:
        flash(refusal.message, "error")
    else:
        flash(success, "success")
    return redirect(back)


def form_values(form, integers=()):
    """Return a validated form's values for a service: blanks as None, money as `*_ore`."""
    values = {}
    for name, field in form._fields.items():
        if name in SKIPPED:
            continue
        if isinstance(field, MoneyField):
            values[f"{name}_ore"] = field.ore
            continue
        value = field.data.strip() if isinstance(field.data, str) else field.data
        value = None if value == "" else value
        values[name] = int(value) if name in integers and value is not None else value
    return values
