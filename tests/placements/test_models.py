"""Placement and monthly report constraints: case data stays honest and inside its municipality."""

from datetime import date

import pytest
from sqlalchemy import update
from sqlalchemy.orm.exc import StaleDataError

from registry.extensions import db
from registry.placements.models import MonthlyReport, Placement
from tests import factories
from tests.factories import assert_refused


def test_a_placement_under_an_agreement_can_be_stored():
    placement = factories.placement()
    assert db.session.get(Placement, placement.id).agreement_id is not None


def test_a_placement_outside_agreements_with_a_reason_can_be_stored():
    placement = factories.placement(outside_agreement_reason="Inget avtal täcker behovet.")
    assert placement.agreement_id is None


def test_a_placement_with_neither_agreement_nor_reason_is_refused():
    municipality = factories.municipality()
    assert_refused(lambda: db.session.add(_placement_without_agreement(municipality))
                   or db.session.flush(), "ck_placements_outside_agreement_justified")


def test_an_end_date_without_an_end_reason_is_refused():
    assert_refused(lambda: factories.placement(end_date=date(2026, 3, 1), end_reason=None),
                   "ck_placements_end_has_reason")


def test_an_end_reason_without_an_end_date_is_refused():
    assert_refused(lambda: factories.placement(end_date=None, end_reason="completed_as_planned"),
                   "ck_placements_end_has_reason")


def test_an_ended_placement_with_a_reason_can_be_stored():
    placement = factories.placement(end_date=date(2026, 3, 1), end_reason="completed_as_planned")
    assert placement.end_date == date(2026, 3, 1)


def test_an_end_before_the_start_is_refused():
    assert_refused(lambda: factories.placement(start_date=date(2026, 3, 1),
                                               end_date=date(2026, 2, 1), end_reason="other"),
                   "ck_placements_end_after_start")


@pytest.mark.parametrize("rate", [0, -100])
def test_the_daily_rate_must_be_positive(rate):
    assert_refused(lambda: factories.placement(daily_rate_ore=rate),
                   "ck_placements_rate_positive")


def test_an_unknown_support_category_is_refused():
    assert_refused(lambda: factories.placement(support_category="other"),
                   "ck_placements_support_category_allowed")


def test_a_duplicate_monthly_report_is_refused():
    report = factories.monthly_report()
    assert_refused(lambda: factories.monthly_report(report.placement, month=report.month,
                                                    source=report.source))


def test_provider_and_police_may_report_the_same_month():
    report = factories.monthly_report(source="provider")
    other = factories.monthly_report(report.placement, month=report.month, source="police")
    assert other.id != report.id


def test_a_report_in_another_municipality_than_its_placement_is_refused():
    placement = factories.placement()
    elsewhere = factories.municipality()
    assert_refused(lambda: factories.monthly_report(placement, municipality_id=elsewhere.id))


def test_a_report_for_a_missing_placement_is_refused():
    placement = factories.placement()
    assert_refused(lambda: db.session.add(MonthlyReport(
        placement_id=placement.id + 10_000, municipality_id=placement.municipality_id,
        month=date(2026, 2, 1), source="provider")) or db.session.flush())


@pytest.mark.parametrize("days", [-1, 32])
def test_days_in_care_stay_within_a_month(days):
    assert_refused(lambda: factories.monthly_report(days_in_care=days),
                   "ck_monthly_reports_days_in_care_range")


def test_a_stale_placement_update_is_refused():
    placement = factories.placement()
    table = Placement.__table__
    db.session.connection().execute(
        update(table).where(table.c.id == placement.id).values(version=table.c.version + 1))
    placement.care_plan_on = date(2026, 2, 1)
    with pytest.raises(StaleDataError), db.session.begin_nested():
        db.session.flush()


def _placement_without_agreement(municipality):
    start = date(2026, 1, 15)
    return Placement(
        municipality_id=municipality.id, case_reference="TEST-NO-AGREEMENT",
        support_category="police_defector", age_band="18_20",
        service_type_id=factories.service_type().id, provider_id=factories.provider().id,
        agreement_id=None, outside_agreement_reason="", daily_rate_ore=250_000,
        start_date=start, initial_period_end=date(2026, 7, 15), planned_end=date(2026, 7, 15))
