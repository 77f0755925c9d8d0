"""What the finance views share: labels, the settings, and the refused-form answer."""

from flask import flash, redirect, render_template, request

from registry.core.money import format_money
from registry.extensions import db
from registry.finance.models import BUDGET_LINE_LABELS, CLAIM_STATUS_LABELS
from registry.finance.permissions import CLAIM_CHECKS
from registry.finance.reconciliation import REASON_LABELS
from registry.finance.services import FinanceError
from registry.finance.settings import money_settings
from registry.placements.choices import POLICE_CRITERIA

LABELS = {"claim_status": CLAIM_STATUS_LABELS, "budget_line": BUDGET_LINE_LABELS,
          "reason": REASON_LABELS}
UNPROCESSABLE = 422


def render(template, status=200, **context):
    """Render a finance page with the labels, settings and claim checks every page uses."""
    return render_template(template, labels=LABELS, settings=money_settings(),
                           police_criteria=POLICE_CRITERIA, **CLAIM_CHECKS, **context), status


def refused(form, error):
    """Attach a service's refusal to its field (or the form)."""
    form.add_error(error.field, error.message)


def page_number():
    """Return the ?page= number, at least 1."""
    return max(request.args.get("page", 1, type=int), 1)


def submit_or_show(form, action, done, message, template, **context):
    """Show the form (GET); on POST run `action`, commit and redirect to done(result).

    Bad input or a refused rule answers 422 with the typed values kept and nothing saved.
    """
    if not form.is_submitted():
        return render(template, form=form, **context)
    answer = attempt(form, action, done, message)
    return answer or render(template, UNPROCESSABLE, form=form, **context)


def attempt(form, action, done, message):
    """Validate the posted form and run `action`; on success commit and redirect to done(result).

    Return None when the input is bad or the service refused (its message is on the form,
    and the request's writes are rolled back so nothing is half-saved).
    """
    if not form.validate():
        return None
    try:
        result = action()
    except FinanceError as error:
        db.session.rollback()
        refused(form, error)
        return None
    flash(message, "success")
    return redirect(done(result))


def kronor(ore):
    """Return öre as the text a money field shows ('4 500,50'), or '' for None."""
    return "" if ore is None else format_money(ore).removesuffix("\u00a0kr")


def year_arg(on):
    """Return the ?year= asked for (2000–2100), else the year of `on`."""
    year = request.args.get("year", on.year, type=int)
    return year if 2000 <= year <= 2100 else on.year
