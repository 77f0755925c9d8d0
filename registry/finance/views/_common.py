"""What the finance views share: labels, the settings and the form page."""

from flask import render_template, request

from registry.core.roundtrip import round_trip
from registry.core.settings import money_settings
from registry.finance.models import BudgetLine, ClaimStatus
from registry.finance.permissions import CLAIM_CHECKS
from registry.finance.reconciliation import Reason
from registry.finance.reimbursement import WINDOW_FROM_LABELS
from registry.placements.choices import POLICE_CRITERIA

LABELS = {"claim_status": ClaimStatus, "budget_line": BudgetLine, "reason": Reason}


def render(template, status=200, **context):
    """Render a finance page with the labels, settings and claim checks every page uses."""
    return _html(template, **context), status


def _html(template, **context):
    return render_template(template, labels=LABELS, settings=money_settings(),
                           police_criteria=POLICE_CRITERIA, window_from=WINDOW_FROM_LABELS,
                           **CLAIM_CHECKS, **context)


def page_number():
    """Return the ?page= number, at least 1."""
    return max(request.args.get("page", 1, type=int), 1)


def submit_or_show(form, action, done, message, template, **context):
    """Run the round trip of one finance form page (core/roundtrip.py)."""
    return round_trip(form, action, done, lambda: _html(template, form=form, **context),
                      message)


def year_arg(on):
    """Return the ?year= asked for (2000–2100), else the year of `on`."""
    year = request.args.get("year", on.year, type=int)
    return year if 2000 <= year <= 2100 else on.year
