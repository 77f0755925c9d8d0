"""Aggregate outcomes per provider across municipalities: own exact, others rounded."""

from datetime import date

from registry.core.dates import today
from registry.extensions import db
from registry.reports.provider_outcomes import outcomes_by_provider
from tests import factories

PURCHASER = ("purchaser", "sigtuna")


def _placements(provider, ended_as_planned=0, ongoing=0, relapse=0):
    places = [factories.municipality(), factories.municipality()]
    specs = [("completed_as_planned", date(2026, 6, 1))] * ended_as_planned + \
            [(None, None)] * ongoing + [("relapse_crime", date(2026, 5, 1))] * relapse
    for index, (reason, end) in enumerate(specs):
        factories.placement(places[index % 2], provider_id=provider.id,
                            start_date=date(2026, 1, 15), end_date=end, end_reason=reason)


def test_other_municipalities_counts_are_rounded_to_multiples_of_k():
    provider = factories.provider()
    _placements(provider, ended_as_planned=5, ongoing=2)
    outcome = outcomes_by_provider([provider.id], today())[provider.id]
    shown = dict(outcome.rows)
    assert shown["Avslutad enligt plan"] == 5 and outcome.completed == 5
    assert shown["Pågående"] in (0, 5) and outcome.total in (5, 10)
    assert all(count % 5 == 0 for count in shown.values())
    again = outcomes_by_provider([provider.id], today())[provider.id]
    assert again == outcome  # the same records round the same way every time


def test_the_viewers_own_placements_count_exactly():
    provider = factories.provider()
    town = factories.municipality()
    for _ in range(3):
        factories.placement(town, provider_id=provider.id, start_date=date(2026, 1, 15))
    _placements(provider, ended_as_planned=2)
    outcome = outcomes_by_provider([provider.id], today(), town.id)[provider.id]
    assert dict(outcome.rows)["Pågående"] == 3
    assert outcome.completed in (0, 5) and outcome.total in (3, 8)


def test_a_provider_without_placements_has_no_outcomes():
    provider = factories.provider()
    outcome = outcomes_by_provider([provider.id], today())[provider.id]
    assert not outcome.any and outcome.total == 0


def test_the_provider_page_shows_only_rounded_aggregates(login_as):
    provider = factories.provider()
    _placements(provider, ended_as_planned=1, ongoing=6, relapse=1)
    db.session.commit()
    html = login_as(PURCHASER).get(f"/providers/{provider.id}").get_data(as_text=True)
    assert "Utfall av placeringar" in html and "avrundas till jämna 5-tal" in html
    assert "färre än 5" not in html
    assert ">1<" not in html and ">6<" not in html and ">8<" not in html
    assert "TEST-" not in html  # no case reference ever reaches a purchaser
