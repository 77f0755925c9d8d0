"""Finance pages: costs, invoices, police reimbursement claims, budget and exports."""

# Importing the route modules attaches their routes to bp (views/blueprint.py).
from registry.finance.views import (  # noqa: F401
    budget,
    claim_papers,
    claims,
    exports,
    invoices,
    overview,
)
from registry.finance.views.blueprint import bp

__all__ = ["bp"]
