"""The case officer's dashboard numbers follow the placement rules."""

from datetime import date, timedelta

from registry.dashboard.queries import case_officer_numbers
from tests import factories
from tests.placements import factories as pf


def test_a_placement_with_an_end_decided_is_not_ending_soon():
    solna, officer = pf.municipality("solna"), factories.staff("case_officer", "solna")
    on = date(2026, 6, 15)
    before = case_officer_numbers(officer, on)["ending_soon"]
    start = on - timedelta(days=170)
    factories.placement(municipality_=solna, start_date=start,
                        planned_end=on + timedelta(days=10))
    factories.placement(municipality_=solna, start_date=start,
                        planned_end=on + timedelta(days=10), end_date=on + timedelta(days=5),
                        end_reason="completed_as_planned")
    assert case_officer_numbers(officer, on)["ending_soon"] == before + 1
