"""The dashboards, the money pages and the placement list agree on who is in care.

A placement ending on the 1st of a month left that morning: the departure day is not a care
day (placements/rules.py), so it is neither active on the 1st nor in care during the month,
on the case officer's, finance officer's and coordinator's dashboards alike.
"""

from datetime import date
from types import SimpleNamespace

from registry.core.scoping import scoped
from registry.dashboard.queries import (
    case_officer_numbers,
    finance_numbers,
    placements_per_municipality,
    reports_missing,
)
from registry.extensions import db
from registry.finance.queries import accrued_between
from registry.placements.models import Placement
from registry.placements.queries import PlacementState, placement_query, placement_state
from registry.placements.schedule import months_in_care
from tests import factories

START, END = date(2026, 1, 10), date(2026, 3, 1)


def _world():
    place = factories.municipality()
    placement = factories.placement(municipality_=place, start_date=START, end_date=END,
                                    end_reason="completed_as_planned")
    officer = SimpleNamespace(is_authenticated=True, municipality_id=place.id)
    return place, placement, officer


def _active_everywhere(place, placement, officer, on):
    coordinator = {name: len(active) for name, _, active, _ in placements_per_municipality(on)}
    listed = placement_query(on, PlacementState.ACTIVE).where(Placement.id == placement.id)
    return {
        "case officer": case_officer_numbers(officer, on)["active"],
        "finance officer": finance_numbers(officer, on)["active"],
        "coordinator": coordinator[place.name],
        "money": accrued_between(scoped(Placement, officer), on, on)[0],
        "state": int(placement_state(placement, on) == PlacementState.ACTIVE),
        "list": len(db.session.scalars(listed).all()),
    }


def test_a_placement_ending_on_the_first_is_not_active_that_day_anywhere(monkeypatch):
    place, placement, officer = _world()
    monkeypatch.setattr("registry.core.scoping.current_user", officer)  # the list's scoped()
    for on, expected in ((date(2026, 2, 28), 1), (END, 0), (date(2026, 3, 2), 0),
                         (START, 1), (date(2026, 1, 9), 0)):
        counts = _active_everywhere(place, placement, officer, on)
        assert set(counts.values()) == {expected}, (on, counts)


def test_the_month_it_left_on_the_first_needs_no_report_and_costs_nothing():
    place, _, officer = _world()
    march = (date(2026, 3, 1), date(2026, 3, 31))
    february = (date(2026, 2, 1), date(2026, 2, 28))
    assert reports_missing(officer, *march) == accrued_between(
        scoped(Placement, officer), *march)[0] == 0
    assert reports_missing(officer, *february) == accrued_between(
        scoped(Placement, officer), *february)[0] == 1
    # The placement's own due list asks for reports up to February, not March.
    assert months_in_care(START, END, date(2026, 6, 1))[-1] == february[0]
