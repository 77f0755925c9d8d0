"""The one rule for monthly report due dates, as Python and as SQL on both databases."""

from datetime import date

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.placements.models import MonthlyReport
from registry.placements.schedule import (
    ReportState,
    due_date,
    is_on_time,
    last_overdue_month_sql,
    months_in_care,
    months_overdue_by,
    overdue_sql,
    police_report_expected,
    received_on_time_sql,
    report_due_on,
    report_state,
)
from tests import factories

DUE = date(2026, 3, 10)


@pytest.mark.parametrize(("month", "due_day", "expected"), [
    (date(2026, 2, 1), 10, DUE),
    (date(2026, 2, 17), 10, DUE),  # any day of the month means that month
    (date(2026, 12, 1), 10, date(2027, 1, 10)),
    (date(2026, 1, 31), 28, date(2026, 2, 28)),
    (date(2026, 1, 1), 1, date(2026, 2, 1)),
])
def test_due_date_is_day_n_of_the_next_month(month, due_day, expected):
    assert due_date(month, due_day) == expected


@pytest.mark.parametrize(("received", "on", "expected"), [
    (date(2026, 3, 1), DUE, ReportState.RECEIVED),
    (DUE, DUE, ReportState.RECEIVED),  # on the due day is on time
    (date(2026, 3, 11), date(2026, 3, 11), ReportState.LATE),
    (date(2026, 3, 11), date(2026, 9, 1), ReportState.LATE),  # stays late once in
    (None, DUE, ReportState.PENDING),  # not yet due on the due day itself
    (None, date(2026, 3, 11), ReportState.MISSING),
])
def test_report_state(received, on, expected):
    assert report_state(received, DUE, on) == expected


def test_a_report_not_expected_is_never_missing():
    assert report_state(None, DUE, date(2026, 5, 1), expected=False) == ReportState.NOT_EXPECTED
    assert report_state(DUE, DUE, date(2026, 5, 1), expected=False) == ReportState.RECEIVED


def test_is_on_time():
    assert is_on_time(DUE, date(2026, 2, 1), 10)
    assert not is_on_time(date(2026, 3, 11), date(2026, 2, 1), 10)
    assert not is_on_time(None, date(2026, 2, 1), 10)


def test_months_in_care_run_from_the_start_month_to_the_last_care_day_or_today():
    assert months_in_care(date(2026, 1, 31), date(2026, 3, 2), date(2026, 6, 1)) == [
        date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    # Leaving on 1 March: the departure day is not a care day, so March has none.
    assert months_in_care(date(2026, 1, 31), date(2026, 3, 1), date(2026, 6, 1)) == [
        date(2026, 1, 1), date(2026, 2, 1)]
    assert months_in_care(date(2026, 3, 1), date(2026, 3, 1), date(2026, 6, 1)) == [
        date(2026, 3, 1)]
    assert months_in_care(date(2026, 1, 31), None, date(2026, 2, 2)) == [
        date(2026, 1, 1), date(2026, 2, 1)]
    assert months_in_care(date(2026, 5, 1), None, date(2026, 4, 30)) == []


def test_months_overdue_are_those_whose_due_day_has_passed():
    assert months_overdue_by(date(2026, 1, 15), None, date(2026, 3, 10), 10) == [
        date(2026, 1, 1)]
    assert months_overdue_by(date(2026, 1, 15), None, date(2026, 3, 11), 10) == [
        date(2026, 1, 1), date(2026, 2, 1)]


def test_police_reports_are_expected_from_the_month_the_definition_is_met():
    assert not police_report_expected(None, date(2026, 3, 1))
    assert police_report_expected(date(2026, 3, 31), date(2026, 3, 1))
    assert not police_report_expected(date(2026, 4, 1), date(2026, 3, 1))


@pytest.mark.parametrize(("month", "due_day"), [
    (date(2026, 1, 1), 10), (date(2026, 12, 1), 28), (date(2026, 1, 31), 1),
    (date(2028, 2, 1), 28)])
def test_the_sql_due_date_matches_the_python_one(month, due_day):
    assert db.session.scalar(select(report_due_on(month, due_day))) == due_date(month, due_day)


@pytest.mark.parametrize("on", [date(2026, 3, 4), date(2026, 3, 5), date(2026, 3, 6),
                                date(2026, 1, 1), date(2026, 12, 31)])
@pytest.mark.parametrize("due_day", [1, 5, 28])
def test_the_sql_last_overdue_month_matches_the_python_rule(on, due_day):
    """Quality's outcome counts stop at this month; it must be the last of months_overdue_by."""
    municipality = factories.municipality(report_due_day=due_day)
    query = select(last_overdue_month_sql(Municipality.report_due_day, on)).where(
        Municipality.id == municipality.id)
    expected = months_overdue_by(date(2020, 1, 1), None, on, due_day)[-1]
    assert db.session.scalar(query) == expected


def test_sql_on_time_and_overdue_use_the_municipality_setting():
    municipality = factories.municipality(report_due_day=5)
    placement = factories.placement(municipality_=municipality)
    on_time = factories.monthly_report(placement, month=date(2026, 2, 1),
                                       received_on=date(2026, 3, 5))
    late = factories.monthly_report(placement, month=date(2026, 3, 1),
                                    received_on=date(2026, 4, 6))
    missing = factories.monthly_report(placement, month=date(2026, 4, 1), received_on=None)
    due_day = Municipality.report_due_day
    query = (select(MonthlyReport.id,
                    received_on_time_sql(MonthlyReport.received_on, MonthlyReport.month,
                                         due_day),
                    overdue_sql(MonthlyReport.month, due_day, date(2026, 5, 5)))
             .join(Municipality, Municipality.id == MonthlyReport.municipality_id)
             .where(MonthlyReport.placement_id == placement.id))
    rows = {row[0]: (bool(row[1]), bool(row[2])) for row in db.session.execute(query)}
    assert rows == {on_time.id: (True, True), late.id: (False, True),
                    missing.id: (False, False)}
