"""Budget lines per municipality, year and line, against spend to date and forecast."""

from datetime import date

from sqlalchemy import select

from registry.core.dates import today
from registry.core.money import format_money
from registry.extensions import db
from registry.finance import queries
from registry.finance.chart import budget_chart
from registry.finance.models import Budget
from tests import factories
from tests.conftest import post
from tests.finance import factories as money

FINANCE = ("finance", "solna")
YEAR = 2031  # no demo budget, no demo placement


def _budgets(slug, year):
    query = select(Budget).where(Budget.municipality_id == money.municipality(slug).id,
                                 Budget.year == year).order_by(Budget.line)
    return list(db.session.scalars(query.execution_options(populate_existing=True)))


def _create(client, **fields):
    data = {"year": YEAR, "line": "permanent", "amount": "2 800 000", "note": ""}
    return post(client, "/finance/budget/new", {**data, **fields}, token_from="/finance/budget/new")


def test_a_budget_line_is_added_for_the_own_municipality(login_as):
    client = login_as(FINANCE)
    response = _create(client, municipality_id=money.municipality("jarfalla").id)
    assert response.status_code == 302
    [line] = _budgets("solna", YEAR)
    assert (line.line, line.amount_ore) == ("permanent", 280_000_000)
    assert _budgets("jarfalla", YEAR) == []  # the municipality is never taken from the form
    assert _create(client, line="one_off", amount="2 000 000").status_code == 302
    html = client.get(f"/finance/budget?year={YEAR}").get_data(as_text=True)
    assert format_money(480_000_000) in html
    assert "Ramhöjande (permanent)" in html and "Riktad insats (engångs)" in html


def test_a_second_line_of_the_same_kind_and_year_is_refused(login_as):
    money.budget("solna", YEAR, "permanent", 100)
    db.session.commit()
    response = _create(login_as(FINANCE))
    assert response.status_code == 422
    assert "Det finns redan en budgetpost ramhöjande (permanent) för 2031" in response.get_data(
        as_text=True)
    assert len(_budgets("solna", YEAR)) == 1


def test_editing_a_line_checks_the_version(login_as):
    line = money.budget("solna", YEAR, "permanent", 100)
    db.session.commit()
    client = login_as(FINANCE)
    path = f"/finance/budget/{line.id}/edit"
    data = {"year": YEAR, "line": "permanent", "amount": "1 000", "note": "Ändrad"}
    assert post(client, path, {**data, "version": line.version + 1},
                token_from=path).status_code == 409
    assert post(client, path, {**data, "version": line.version}, token_from=path).status_code == 302
    assert _budgets("solna", YEAR)[0].amount_ore == 100_000


def test_a_foreign_budget_line_is_not_found(login_as):
    foreign = money.budget("jarfalla", YEAR, "permanent", 100)
    db.session.commit()
    assert login_as(FINANCE).get(f"/finance/budget/{foreign.id}/edit").status_code == 404


def test_the_budget_page_shows_spend_forecast_and_a_chart(login_as):
    money.budget("solna", today().year, "one_off", 100_000_000)
    money.placement(days_ago=30)
    db.session.commit()
    client = login_as(FINANCE)
    html = client.get("/finance/budget").get_data(as_text=True)
    months = queries.year_months(today().year, today(), _user())
    assert format_money(sum(m.actual_ore for m in months)) in html
    assert format_money(sum(m.total_ore for m in months)) in html
    assert '<svg class="finance-chart"' in html and "finance-chart__budget" in html
    assert "style=" not in html


def _user():
    return factories.staff(*FINANCE)


def test_the_chart_scales_to_the_larger_of_budget_and_forecast():
    rows = [queries.MonthRow(date(2026, m, 1), 100 if m < 6 else 0, 0 if m < 6 else 100)
            for m in range(1, 13)]
    chart = budget_chart(rows, 2400)
    assert chart.budget_y == chart.ticks[-1].y  # the budget is the top of the scale
    last = chart.bars[-1]
    assert last.actual_y + last.actual_height == chart.baseline
    assert all(isinstance(v, int) for b in chart.bars for v in (b.x, b.actual_y, b.forecast_y))
    assert budget_chart(rows, 0).budget_y is None
