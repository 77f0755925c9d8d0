"""Finance pages: costs, invoices, police reimbursement claims, budget and exports."""

from flask import Blueprint

bp = Blueprint("finance", __name__, url_prefix="/finance")

from registry.finance.views import budget, claims, exports, invoices, overview  # noqa: E402, F401
