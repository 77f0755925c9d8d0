"""The budget per year and line, with spend to date and forecast as numbers and a chart."""

from flask import url_for
from flask_login import current_user

from registry.core.dates import today
from registry.core.money import format_amount
from registry.core.permissions import Permission, require
from registry.core.scoping import get_owned_or_404
from registry.finance import queries
from registry.finance.chart import budget_chart
from registry.finance.forms import BudgetForm
from registry.finance.models import Budget
from registry.finance.services import budgets as service
from registry.finance.views._common import render, submit_or_show, year_arg
from registry.finance.views.blueprint import bp

FORM = "finance/budget_form.html"


def _to_year(budget):
    return url_for("finance.budget", year=budget.year)


@bp.get("/budget")
@require(Permission.FINANCE_VIEW)
def budget():
    """Show a year's budget lines against the cost accrued so far and the forecast."""
    on = today()
    year = year_arg(on)
    lines = queries.budget_lines(year)
    months = queries.year_months(year, on)
    budget_ore = sum(line.amount_ore for line in lines)
    return render("finance/budget.html", year=year, on=on, lines=lines, months=months,
                  budget_ore=budget_ore, actual_ore=sum(m.actual_ore for m in months),
                  total_ore=sum(m.total_ore for m in months),
                  paid_ore=queries.reimbursement_paid(year),
                  chart=budget_chart(months, budget_ore),
                  years=sorted(set(queries.budget_years()) | {on.year, year}, reverse=True))


@bp.route("/budget/new", methods=["GET", "POST"])
@require(Permission.FINANCE_EDIT)
def budget_new():
    """Add a budget line for the own municipality."""
    form = BudgetForm(data={"year": year_arg(today())})
    return submit_or_show(
        form, lambda: service.create_budget(form.values(), current_user),
        _to_year, "Budgetposten är sparad.", FORM, title="Ny budgetpost")


@bp.route("/budget/<int:budget_id>/edit", methods=["GET", "POST"])
@require(Permission.FINANCE_EDIT)
def budget_edit(budget_id):
    """Change a budget line (the version guards against a lost update)."""
    found = get_owned_or_404(Budget, budget_id, audit_view=False)
    form = BudgetForm(obj=found, data={"amount": format_amount(found.amount_ore)})
    return submit_or_show(
        form, lambda: service.update_budget(found, form.values(), form.version.data),
        _to_year, "Budgetposten är ändrad.", FORM, budget=found, title="Ändra budgetpost")
