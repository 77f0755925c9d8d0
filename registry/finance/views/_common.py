"""What the finance views share: labels, the settings and the form page."""

from flask import render_template, request

from registry.core.money import format_money
from registry.core.roundtrip import round_trip
from registry.finance.models import BUDGET_LINE_LABELS, CLAIM_STATUS_LABELS
from registry.finance.permissions import CLAIM_CHECKS
from registry.finance.reconciliation import REASON_LABELS
from registry.finance.settings import money_settings
from registry.placements.choices import POLICE_CRITERIA

LABELS = {"claim_status": CLAIM_STATUS_LABELS, "budget_line": BUDGET_LINE_LABELS,
          "reason": REASON_LABELS}


def render(template, status=200, **context):
    """Render a finance page with the labels, settings and claim checks every page uses."""
    return _html(template, **context), status


def _html(template, **context):
    return render_template(template, labels=LABELS, settings=money_settings(),
                           police_criteria=POLICE_CRITERIA, **CLAIM_CHECKS, **context)


def page_number():
    """Return the ?page= number, at least 1."""
    return max(request.args.get("page", 1, type=int), 1)


def submit_or_show(form, action, done, message, template, **context):
    """Run the round trip of one finance form page (core/roundtrip.py)."""
    return round_trip(form, action, done, lambda: _html(template, form=form, **context),
                      message)


def kronor(ore):
    """Return öre as the text a money field shows ('4 500,50'), or '' for None."""
    return "" if ore is None else format_money(ore).removesuffix("\u00a0kr")


def year_arg(on):
    """Return the ?year= asked for (2000–2100), else the year of `on`."""
    year = request.args.get("year", on.year, type=int)
    return year if 2000 <= year <= 2100 else on.year
