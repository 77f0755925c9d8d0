"""Budget lines per municipality, year and line (permanent / one-off)."""

from registry.core import audit
from registry.core.locking import check_version
from registry.core.refusal import Refused
from registry.extensions import db
from registry.finance.models import Budget, BudgetLine
from registry.finance.services.errors import save_unique

FIELDS = ("year", "line", "amount_ore", "note")


def _duplicate_message(values):
    label = BudgetLine(values["line"]).label.lower()
    return f"Det finns redan en budgetpost {label} för {values['year']}. Ändra den i stället."


def _clean(values):
    if values["line"] not in {line.value for line in BudgetLine}:
        raise Refused("Välj budgetpost.", "line")
    if values.get("amount_ore") is None or values["amount_ore"] < 0:
        raise Refused("Ange beloppet, 0 kr eller mer.", "amount")
    return {**values, "note": (values.get("note") or "").strip()}


def create_budget(values, user):
    """Add a budget line for the user's municipality; one per year and line."""
    values = _clean(values)
    budget = Budget(municipality_id=user.municipality_id, **values)
    changes = audit.diff(budget, FIELDS)
    save_unique(budget, _duplicate_message(values), "line")
    audit.record("create", "budgets", budget.id, changes)
    return budget


def update_budget(budget, values, version):
    """Change a budget line read at `version`."""
    check_version(budget, version)
    values = _clean(values)
    with db.session.no_autoflush:
        for name in FIELDS:
            setattr(budget, name, values[name])
        changes = audit.diff(budget, FIELDS)
    save_unique(budget, _duplicate_message(values), "line")
    if changes:
        audit.record("update", "budgets", budget.id, changes)
    return budget
