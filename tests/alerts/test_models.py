"""Alert constraints: one alert per (rule, subject, due date)."""

from datetime import date

import pytest

from tests import factories
from tests.factories import assert_refused


def test_a_duplicate_alert_is_refused():
    alert = factories.alert()
    assert_refused(lambda: factories.alert(rule=alert.rule, subject_type=alert.subject_type,
                                           subject_id=alert.subject_id, due_date=alert.due_date))


@pytest.mark.parametrize("change", [{"rule": "option_deadline"}, {"subject_type": "provider"},
                                    {"subject_id": 999_999}, {"due_date": date(2027, 1, 1)}])
def test_alerts_differing_in_one_key_part_are_kept(change):
    alert = factories.alert()
    key = {"rule": alert.rule, "subject_type": alert.subject_type,
           "subject_id": alert.subject_id, "due_date": alert.due_date}
    assert factories.alert(**{**key, **change}).id != alert.id


@pytest.mark.parametrize("column", ["status", "severity"])
def test_unknown_status_and_severity_are_refused(column):
    assert_refused(lambda: factories.alert(**{column: "urgent"}), f"ck_alerts_{column}_allowed")
