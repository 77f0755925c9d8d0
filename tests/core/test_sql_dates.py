"""The SQL date helpers give the same days as Python, on the database the suite runs on."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from registry.core.dates import add_months, month_start
from registry.core.sql_dates import (
    date_of,
    days_after,
    days_between,
    month_first,
    month_number,
    next_month_first,
)
from registry.extensions import db

DAYS = [date(2026, 1, 1), date(2026, 1, 31), date(2028, 2, 29), date(2026, 3, 29),
        date(2026, 10, 25), date(2026, 12, 31)]


def _sql(expression):
    return db.session.scalar(select(expression))


@pytest.mark.parametrize("day", DAYS)
def test_month_first_and_next_month_first(day):
    assert _sql(month_first(day)) == month_start(day)
    assert _sql(next_month_first(day)) == add_months(month_start(day), 1)


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("days", [-400, -1, 0, 1, 30, 365])
def test_days_after_and_days_between(day, days):
    later = day + timedelta(days=days)
    assert _sql(days_after(day, days)) == later
    assert _sql(days_between(day, later)) == days


@pytest.mark.parametrize(("start", "end", "months"), [
    (date(2026, 1, 31), date(2026, 2, 1), 1), (date(2025, 12, 1), date(2026, 1, 31), 1),
    (date(2026, 5, 5), date(2026, 5, 30), 0), (date(2024, 2, 29), date(2026, 3, 1), 25)])
def test_month_number_counts_calendar_months(start, end, months):
    assert _sql(month_number(end) - month_number(start)) == months


def test_date_of_a_stored_timestamp():
    assert _sql(date_of(datetime(2026, 3, 29, 23, 59, 59))) == date(2026, 3, 29)
