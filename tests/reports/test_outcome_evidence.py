"""Outcome evidence per provider: SQL aggregates across municipalities, disclosed per viewer."""

from datetime import date, timedelta

from registry.extensions import db
from registry.placements.models import Deviation
from registry.placements.rules import in_care
from registry.placements.schedule import is_on_time, months_overdue_by
from registry.reports.outcome_evidence import outcome_evidence
from tests import factories as core

ON = date(2026, 6, 15)
# (start, end, end reason, municipality index)
PLACEMENTS = [
    (date(2026, 1, 15), date(2026, 3, 31), "completed_as_planned", 0),
    (date(2026, 2, 1), date(2026, 4, 10), "relapse_crime", 1),
    (date(2026, 3, 1), None, None, 0),
    (date(2026, 1, 1), None, None, 1),
    (date(2026, 5, 20), None, None, 1),
    (date(2026, 7, 1), None, None, 0),  # starts after the day: not counted
]


def _care_days(placement, on):
    days = ((placement.start_date + timedelta(days=n)) for n in range(
        (on - placement.start_date).days + 1))
    return sum(in_care(placement, day) for day in days)


def _setup():
    provider = core.provider()
    towns = [core.municipality(report_due_day=10), core.municipality(report_due_day=5)]
    placements = []
    for start, end, reason, town in PLACEMENTS:
        placements.append(core.placement(
            towns[town], provider_id=provider.id, start_date=start, end_date=end,
            end_reason=reason))
    return provider, towns, placements


def _report(placement, month, received_on, source="provider"):
    return core.monthly_report(placement, month=month, received_on=received_on, source=source)


def _deviation(placement, occurred_on):
    db.session.add(Deviation(placement_id=placement.id, municipality_id=placement.municipality_id,
                             occurred_on=occurred_on, kind="new_crime", reported_by="police"))
    db.session.flush()


def test_aggregates_across_municipalities_follow_the_report_rule():
    provider, _towns, placements = _setup()
    first, second, third, fourth, _fifth, _future = placements
    reports = [(first, date(2026, 1, 1), date(2026, 2, 10)),   # on the due day
               (first, date(2026, 2, 1), date(2026, 3, 11)),   # a day late
               (second, date(2026, 2, 1), date(2026, 3, 5)),   # due day 5 there
               (second, date(2026, 3, 1), None),               # registered, never received
               (fourth, date(2026, 1, 1), date(2026, 2, 1)),
               (third, date(2026, 4, 1), date(2026, 5, 10))]
    for placement, month, received_on in reports:
        _report(placement, month, received_on)
    _report(fourth, date(2026, 2, 1), date(2026, 3, 1), source="police")  # not the provider's
    _deviation(first, date(2026, 2, 1))
    _deviation(fourth, date(2026, 6, 1))
    _deviation(fourth, date(2026, 6, 20))  # after the day

    outcome = outcome_evidence([provider.id], ON, threshold=1)[provider.id]  # k=1: exact

    counted = placements[:5]
    days = sum(_care_days(p, ON) for p in counted)
    due = sum(len(months_overdue_by(p.start_date, p.end_date, ON, p.municipality.report_due_day))
              for p in counted)
    on_time = sum(is_on_time(received, month, p.municipality.report_due_day)
                  for p, month, received in reports)
    assert on_time == 4 and due == 15
    assert outcome.shown and outcome.rates_shown and outcome.placements == 5
    assert (outcome.ended_planned, outcome.ended_other, outcome.ended_total) == (1, 1, 2)
    assert outcome.deviations_per_100_days == round(100 * 2 / days, 2)
    assert outcome.reports_due == due
    assert outcome.reports_on_time_percent == round(100 * on_time / due, 1)


def test_a_viewer_outside_sees_rounded_counts_and_no_rates_of_four_placements():
    provider = core.provider()
    town = core.municipality()
    for _ in range(4):
        core.placement(town, provider_id=provider.id, start_date=date(2026, 1, 1),
                       end_date=date(2026, 3, 1), end_reason="completed_as_planned")
    empty = core.provider()
    outcomes = outcome_evidence([provider.id, empty.id], ON, threshold=5)
    seen = outcomes[provider.id]
    assert seen.placements in (0, 5) and seen.ended_planned == seen.placements
    assert not seen.rates_shown and seen.deviations_per_100_days is None
    assert "färre än 5 placeringar eller från en enda annan kommun" in seen.rates_reason
    assert not outcomes[empty.id].shown and outcomes[empty.id].placements == 0
    assert outcomes[empty.id].hidden_reason.startswith("Inga placeringar att visa")
    own = outcome_evidence([provider.id], ON, 5, viewer_municipality_id=town.id)[provider.id]
    assert (own.placements, own.ended_planned, own.rates_shown) == (4, 4, True)


def test_counts_of_other_municipalities_are_rounded_to_multiples_of_k():
    provider, towns, _placements = _setup()
    outcome = outcome_evidence([provider.id], ON, threshold=5)[provider.id]
    counts = (outcome.placements, outcome.ended_planned, outcome.ended_other,
              outcome.ended_total)
    assert all(count % 5 == 0 for count in counts) and outcome.placements == 5
    assert outcome.rates_shown  # five placements of two municipalities
    own = outcome_evidence([provider.id], ON, 5, viewer_municipality_id=towns[0].id)[provider.id]
    assert own.placements in (2, 7) and not own.rates_shown  # 3 of a single other town
    assert outcome_evidence([], ON, 5) == {}


def test_a_departure_on_the_first_ends_care_and_reports_the_month_before():
    provider = core.provider()
    town = core.municipality(report_due_day=10)
    specs = [(date(2026, 1, 15), date(2026, 4, 1)), (date(2026, 2, 1), date(2026, 2, 1)),
             (date(2026, 2, 10), date(2026, 6, 15)), (date(2026, 3, 1), date(2026, 5, 2)),
             (date(2026, 6, 15), date(2026, 6, 15))]
    placements = [core.placement(town, provider_id=provider.id, start_date=start, end_date=end,
                                 end_reason="completed_as_planned") for start, end in specs]
    _deviation(placements[0], date(2026, 2, 1))

    outcome = outcome_evidence([provider.id], ON, 1, viewer_municipality_id=town.id)[provider.id]

    due = sum(len(months_overdue_by(p.start_date, p.end_date, ON, 10)) for p in placements)
    assert due == 3 + 1 + 4 + 3 + 0  # not April for the first: it left on 1 April
    assert outcome.reports_due == due
    # The last placement is in care on its one day; the others have left by then.
    assert outcome.ended_total == 4
    days = sum(_care_days(p, ON) for p in placements)
    assert days == 76 + 1 + 125 + 62 + 1
    assert outcome.deviations_per_100_days == round(100 / days, 2)

