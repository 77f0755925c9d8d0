"""Reads: spend per agreement across municipalities, the year, and no N+1."""

from datetime import date, timedelta

from sqlalchemy import select

from registry.core.dates import today
from registry.core.settings import MoneySettings
from registry.dashboard.queries import accrued_cost
from registry.extensions import db
from registry.finance import calculations as calc
from registry.finance import queries
from registry.placements.models import Placement
from tests import factories
from tests.conftest import counted
from tests.finance import factories as money

AS_OF = date(2026, 6, 30)


def test_spend_by_agreement_sums_accrued_costs_across_municipalities():
    agreement = factories.agreement(lead=money.municipality("solna"))
    solna = money.placement("solna", start_date=date(2026, 6, 1), agreement_=agreement)
    money.rate_change(solna, date(2026, 6, 21), 500_000)
    money.placement("jarfalla", start_date=date(2026, 6, 21), agreement_=agreement,
                    end_date=date(2026, 6, 26), end_reason="moved")
    money.placement("jarfalla", start_date=date(2026, 7, 1), agreement_=agreement)
    other = factories.agreement()
    spend = queries.spend_by_agreement([agreement.id, other.id, 987654], AS_OF)
    expected = 20 * 450_000 + 10 * 500_000 + 5 * 450_000  # end day not a care day
    assert spend == {agreement.id: expected, other.id: 0, 987654: 0}
    assert queries.spend_by_agreement([], AS_OF) == {}


def test_spend_by_agreement_takes_three_queries_whatever_the_number_of_placements():
    agreement = factories.agreement(lead=money.municipality("solna"))
    for n in range(3):
        money.placement(start_date=date(2026, 1, 1) + timedelta(n), agreement_=agreement)
    with counted() as few:
        queries.spend_by_agreement([agreement.id], AS_OF)
    for n in range(10):
        placement = money.placement(start_date=date(2026, 2, 1) + timedelta(n),
                                    agreement_=agreement)
        money.rate_change(placement, date(2026, 4, 1), 470_000)
    with counted() as many:
        queries.spend_by_agreement([agreement.id], AS_OF)
    assert len(few) == len(many) <= 3


def test_the_overview_rows_take_a_fixed_number_of_queries(app):
    from flask_login import login_user

    user = factories.staff("finance", "solna")
    for n in range(12):
        money.placement(days_ago=50 + n)
    with app.test_request_context():
        login_user(user)
        placements = list(db.session.scalars(
            select(Placement).where(Placement.municipality_id == user.municipality_id)))
        with counted() as statements:
            rows = queries.money_rows(placements, MoneySettings(), today())
    assert len(rows) == len(placements) >= 12
    # placements, rate changes, add-ons, claims, and the reported hours when one is priced
    # per hour
    assert len(statements) <= 5


def test_the_dashboard_accrues_day_by_day_with_rate_changes():
    user = factories.municipality()
    placement = factories.placement(municipality_=user, start_date=today() - timedelta(days=9),
                                    daily_rate_ore=100_000)
    money.rate_change(placement, today() - timedelta(days=4), 200_000)

    class Finance:
        municipality_id = user.id
        is_authenticated = True

    plan = calc.schedule(placement.start_date, None, 100_000,
                         [(today() - timedelta(days=4), 200_000)])
    count, total = accrued_cost(Finance(), today())
    assert (count, total) == (1, calc.cost(plan, date(today().year, 1, 1), today()))
    assert total <= 5 * 100_000 + 5 * 200_000
