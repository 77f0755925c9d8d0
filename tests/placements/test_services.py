"""The placement rules as the services apply them: prices, standing, extension, end, reports."""

from datetime import date

import pytest
from flask_login import login_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from registry.core.audit import AuditEvent
from registry.core.refusal import Refused
from registry.extensions import db
from registry.placements import services
from registry.placements.models import MonthlyReport, Placement
from tests import factories
from tests.placements import factories as pf

ON = date(2026, 6, 15)
OFFICER = ("case_officer", "solna")


def _officer():
    return factories.staff(*OFFICER)


def _values(agreement, provider, service, **overrides):
    values = {"case_reference": f"SLN-T-{provider.id}", "support_category": "police_defector",
              "age_band": "21_25", "service_type_id": service.id, "provider_id": provider.id,
              "agreement_id": agreement.id if agreement else None,
              "start_date": date(2026, 2, 1)}
    return {**values, **overrides}


@pytest.fixture(autouse=True)
def _signed_in(app):
    """Run each service as the Solna case officer would, inside a request."""
    with app.test_request_context():
        login_user(_officer())
        yield




def _refusal(action):
    with pytest.raises(Refused) as refused, db.session.begin_nested():
        action()
    return refused.value


def test_the_start_rate_comes_from_the_price_valid_on_the_start_day(line):
    agreement, provider, service, item = line
    factories.price_item(agreement, provider, service, price_ore=470_000,
                         valid_from=date(2026, 3, 1))
    placement = services.create_placement(_officer(), _values(*line[:3]), ON)
    assert placement.daily_rate_ore == 452_000
    assert placement.price_item_id == item.id
    assert placement.case_officer_id == _officer().id


def test_the_initial_period_defaults_to_the_municipality_setting(line):
    placement = services.create_placement(_officer(), _values(*line[:3]), ON)
    assert placement.initial_period_end == placement.planned_end == date(2026, 8, 1)


def test_an_agreement_without_a_price_on_the_start_day_is_refused(line):
    refused = _refusal(lambda: services.create_placement(
        _officer(), _values(*line[:3], start_date=date(2024, 6, 1)), ON))
    assert refused.field == "agreement_id"


def test_an_agreement_the_municipality_is_not_party_to_is_refused():
    agreement, provider, service, _item = pf.priced_line("jarfalla")
    pf.assessment(provider)
    refused = _refusal(lambda: services.create_placement(
        _officer(), _values(agreement, provider, service), ON))
    assert (refused.field, refused.message) == ("agreement_id",
                                                "Kommunen är inte part i det avtalet.")


def test_outside_an_agreement_a_justification_and_a_rate_are_required(line):
    _agreement, provider, service, _item = line
    values = _values(None, provider, service)
    assert _refusal(lambda: services.create_placement(
        _officer(), {**values, "daily_rate_ore": 400_000}, ON)).field == \
        "outside_agreement_reason"
    assert _refusal(lambda: services.create_placement(
        _officer(), {**values, "outside_agreement_reason": "Inget avtal täcker behovet."},
        ON)).field == "daily_rate"
    placement = services.create_placement(_officer(), {
        **values, "outside_agreement_reason": "Inget avtal täcker behovet.",
        "daily_rate_ore": 400_000}, ON)
    assert (placement.agreement_id, placement.daily_rate_ore) == (None, 400_000)


def test_a_rate_typed_for_a_placement_under_an_agreement_is_refused(line):
    refused = _refusal(lambda: services.create_placement(
        _officer(), _values(*line[:3], daily_rate_ore=1_000), ON))
    assert refused.field == "daily_rate"


@pytest.mark.parametrize("assessment", [None, {"passed": False},
                                        {"lowest_band": True, "band": "Lägsta"}])
def test_a_provider_whose_standing_warns_needs_confirmation_and_a_reason(assessment):
    agreement, provider, service, _item = pf.priced_line("solna")
    if assessment is not None:
        pf.assessment(provider, **assessment)
    values = _values(agreement, provider, service)
    assert _refusal(lambda: services.create_placement(_officer(), values, ON)).field == \
        "standing_confirmed"
    assert _refusal(lambda: services.create_placement(
        _officer(), {**values, "standing_confirmed": True}, ON)).field == "standing_reason"
    placement = services.create_placement(_officer(), {
        **values, "standing_confirmed": True,
        "standing_reason": "Enda utföraren med skyddat boende i regionen."}, ON)
    assert placement.standing_override_reason.startswith("Enda utföraren")
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.entity == "placements", AuditEvent.entity_id == placement.id,
        AuditEvent.action == "create"))
    assert event.changes["standing_override_reason"] == {"changed": True}
    assert event.changes["standing_confirmed"]["after"] is True
    assert event.changes["provider_standing"]["after"] in {"missing", "failed", "lowest_band"}
    assert "Enda utföraren" not in str(event.changes)


def test_a_passed_standing_needs_no_confirmation(line):
    placement = services.create_placement(_officer(), _values(*line[:3]), ON)
    assert placement.standing_override_reason == ""
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.entity == "placements", AuditEvent.entity_id == placement.id))
    assert "provider_standing" not in event.changes
    assert "standing_override_reason" not in event.changes


@pytest.mark.parametrize("text", ["19850709-9805", "850709-9805", "SLN 198507099805",
                                  "850709+9805"])
def test_a_case_reference_with_a_personnummer_is_refused(line, text):
    refused = _refusal(lambda: services.create_placement(
        _officer(), _values(*line[:3], case_reference=text), ON))
    assert refused.field == "case_reference"
    assert refused.message == ("Ärendereferens får inte innehålla ett personnummer eller "
                               "samordningsnummer.")


def test_the_same_case_reference_and_start_twice_is_refused(line):
    services.create_placement(_officer(), _values(*line[:3]), ON)
    assert _refusal(lambda: services.create_placement(
        _officer(), _values(*line[:3]), ON)).field == "case_reference"


def test_an_edit_read_at_an_old_version_is_stale(line):
    placement = services.create_placement(_officer(), _values(*line[:3]), ON)
    values = {name: getattr(placement, name) for name in services.lifecycle.CASE_FIELDS}
    with pytest.raises(StaleDataError):
        services.update_placement(placement, {**values, "case_officer_id": _officer().id},
                                  placement.version - 1, ON)


def test_editing_the_initial_period_moves_the_planned_end_unless_extended(line):
    placement = services.create_placement(_officer(), _values(*line[:3]), ON)
    values = {name: getattr(placement, name) for name in services.lifecycle.CASE_FIELDS}
    values.update(case_officer_id=_officer().id, initial_period_end=date(2026, 7, 1))
    services.update_placement(placement, values, placement.version, ON)
    assert placement.planned_end == date(2026, 7, 1)
    services.extend_placement(_officer(), placement, date(2026, 6, 1), date(2026, 9, 30),
                              "Behöver mer tid.", ON)
    values.update(initial_period_end=date(2026, 7, 15))
    services.update_placement(placement, values, placement.version, ON)
    assert placement.planned_end == date(2026, 9, 30)


def test_a_rate_change_is_a_new_dated_row(line):
    placement = services.create_placement(_officer(), _values(*line[:3]), ON)
    services.change_rate(_officer(), placement, date(2026, 4, 1), 480_000, "Ny prislista.")
    db.session.expire(placement)
    assert placement.daily_rate_ore == 452_000
    assert [(c.valid_from, c.daily_rate_ore) for c in placement.rate_changes] == [
        (date(2026, 4, 1), 480_000)]
    assert _refusal(lambda: services.change_rate(
        _officer(), placement, date(2026, 4, 1), 490_000, "Igen.")).field == "valid_from"
    assert _refusal(lambda: services.change_rate(
        _officer(), placement, date(2026, 2, 1), 490_000, "Start.")).field == "valid_from"


def test_an_extension_must_go_past_the_current_end(line):
    placement = services.create_placement(_officer(), _values(*line[:3]), ON)
    assert _refusal(lambda: services.extend_placement(
        _officer(), placement, date(2026, 6, 1), date(2026, 7, 1), "Kort.", ON)).field == \
        "new_end"
    services.extend_placement(_officer(), placement, date(2026, 6, 1), date(2026, 11, 30),
                              "Behöver mer tid.", ON)
    assert placement.planned_end == date(2026, 11, 30)
    assert placement.initial_period_end == date(2026, 8, 1)


def test_an_ended_placement_takes_no_reports_for_later_months_and_no_extension(line):
    placement = services.create_placement(_officer(), _values(*line[:3]), ON)
    report = {"received_on": date(2026, 4, 8), "days_in_care": 31}
    services.add_report(_officer(), placement, date(2026, 3, 1), "provider", report, ON)
    services.end_placement(placement, date(2026, 4, 20), "completed_as_planned")
    refused = _refusal(lambda: services.add_report(
        _officer(), placement, date(2026, 5, 1), "provider",
        {"received_on": date(2026, 6, 5)}, ON))
    assert refused.field == "month" and "avslutades 2026-04-20" in refused.message
    services.add_report(_officer(), placement, date(2026, 4, 1), "provider",
                        {"received_on": date(2026, 5, 8), "days_in_care": 19}, ON)
    assert _refusal(lambda: services.extend_placement(
        _officer(), placement, date(2026, 6, 1), date(2026, 12, 1), "Nej.", ON)).field == \
        "new_end"
    assert _refusal(lambda: services.end_placement(
        placement, date(2026, 5, 1), "other")).field == "end_date"


def test_ending_before_a_reported_month_is_refused(line):
    placement = services.create_placement(_officer(), _values(*line[:3]), ON)
    services.add_report(_officer(), placement, date(2026, 5, 1), "provider",
                        {"received_on": date(2026, 6, 8)}, ON)
    refused = _refusal(lambda: services.end_placement(placement, date(2026, 4, 30),
                                                      "client_ended"))
    assert refused.field == "end_date"


def test_days_in_care_cannot_exceed_the_days_of_the_month_in_care(line):
    placement = services.create_placement(
        _officer(), _values(*line[:3], start_date=date(2026, 2, 20)), ON)
    refused = _refusal(lambda: services.add_report(
        _officer(), placement, date(2026, 2, 1), "provider",
        {"received_on": date(2026, 3, 5), "days_in_care": 10}, ON))
    assert refused.field == "days_in_care" and "9 dygn" in refused.message


def test_one_report_per_month_and_source(line):
    placement = services.create_placement(_officer(), _values(*line[:3]), ON)
    values = {"received_on": date(2026, 3, 5)}
    services.add_report(_officer(), placement, date(2026, 2, 1), "provider", values, ON)
    services.add_report(_officer(), placement, date(2026, 2, 1), "police", values, ON)
    assert _refusal(lambda: services.add_report(
        _officer(), placement, date(2026, 2, 1), "provider", values, ON)).field == "month"


@pytest.mark.parametrize("field", ["report_text", "follow_up_note"])
def test_report_text_with_a_personnummer_is_refused(line, field):
    placement = services.create_placement(_officer(), _values(*line[:3]), ON)
    refused = _refusal(lambda: services.add_report(
        _officer(), placement, date(2026, 2, 1), "provider",
        {"received_on": date(2026, 3, 5), field: "Klienten 850709-9805 deltar."}, ON))
    assert refused.field == field
    assert "får inte innehålla ett personnummer" in refused.message


def test_the_follow_up_of_a_report_is_stamped_with_who_and_when(line):
    placement = services.create_placement(_officer(), _values(*line[:3]), ON)
    report = services.add_report(_officer(), placement, date(2026, 2, 1), "provider",
                                 {"received_on": date(2026, 3, 5)}, ON)
    assert report.reviewed_by_id is None
    services.update_report(_officer(), report, {
        "received_on": date(2026, 3, 5), "follow_up_note": "Följd mot vårdplanen.",
        "decision": "continue"}, report.version, ON)
    assert report.reviewed_by_id == _officer().id and report.reviewed_at is not None
    assert db.session.get(MonthlyReport, report.id).decision == "continue"


def test_a_follow_up_defaults_its_next_date_to_the_municipal_interval(line):
    placement = services.create_placement(_officer(), _values(*line[:3]), ON)
    follow_up = services.add_follow_up(_officer(), placement, {
        "held_on": date(2026, 5, 2), "participants": "Klienten, utföraren",
        "outcome": "Planen följs."}, ON)
    assert follow_up.next_due == date(2026, 8, 2)


def test_deciding_to_end_after_a_deviation_ends_the_placement(line):
    placement = services.create_placement(_officer(), _values(*line[:3]), ON)
    deviation = services.add_deviation(_officer(), placement, {
        "occurred_on": date(2026, 5, 2), "kind": "new_crime", "reported_by": "police"}, ON)
    assert placement.end_date is None
    services.update_deviation(_officer(), deviation, {
        "occurred_on": date(2026, 5, 2), "kind": "new_crime", "reported_by": "police",
        "meeting_on": date(2026, 5, 6), "decision": "end", "decided_on": date(2026, 5, 6)},
        deviation.version, ON)
    placement = db.session.get(Placement, placement.id)
    assert (placement.end_date, placement.end_reason) == (date(2026, 5, 6),
                                                          "ended_after_deviation")
    assert deviation.decided_by_id == _officer().id


def test_a_decision_needs_a_date_and_is_not_changed_afterwards(line):
    placement = services.create_placement(_officer(), _values(*line[:3]), ON)
    values = {"occurred_on": date(2026, 5, 2), "kind": "absconding", "reported_by": "provider"}
    assert _refusal(lambda: services.add_deviation(
        _officer(), placement, {**values, "decision": "continue"}, ON)).field == "decided_on"
    deviation = services.add_deviation(_officer(), placement, {
        **values, "decision": "continue", "decided_on": date(2026, 5, 3)}, ON)
    refused = _refusal(lambda: services.update_deviation(
        _officer(), deviation, {**values, "decision": "end", "decided_on": date(2026, 5, 3)},
        deviation.version, ON))
    assert refused.field == "decision"
