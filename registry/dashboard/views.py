"""The start page: one dashboard section per role with the user's own numbers and pictures."""

from flask import Blueprint, render_template
from flask_login import current_user

from registry.core import audit
from registry.core.dates import today
from registry.core.permissions import Role, require
from registry.core.settings import current_settings
from registry.dashboard import panels, queries
from registry.dashboard.navigation import template_names
from registry.finance.models import BudgetLine, ClaimStatus
from registry.providers.models import ProviderStatus

bp = Blueprint("dashboard", __name__)
bp.app_context_processor(template_names)


def _section(role, user, on):
    """Return the numbers and pictures for one role's dashboard section."""
    if role == Role.PURCHASER:
        return queries.purchaser_numbers(user, on) | panels.purchaser_panels(user, on)
    if role == Role.CASE_OFFICER:
        audit.record("view", entity="placements")  # the list shows case references
        return queries.case_officer_numbers(user, on) | panels.case_officer_panels(user, on)
    if role == Role.FINANCE:
        return queries.finance_numbers(user, on) | panels.finance_panels(user, on)
    if role == Role.COORDINATOR:
        threshold = current_settings().small_number_threshold
        return (queries.coordinator_numbers(on, threshold, user.municipality_id)
                | panels.coordinator_panels(user, on))
    return queries.admin_numbers()


@bp.get("/")
@require()
def index():
    """Show one section per role the user holds."""
    user = current_user._get_current_object()
    on = today()
    sections = {role.value: _section(role, user, on) for role in Role if role in user.roles}
    return render_template("dashboard/index.html", sections=sections, on=on,
                           provider_status_labels=ProviderStatus,
                           claim_status_labels=ClaimStatus,
                           budget_line_labels=BudgetLine)
