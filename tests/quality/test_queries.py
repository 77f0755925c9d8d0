"""latest_standing: each provider's latest completed assessment, in one query."""

from datetime import date

from registry.quality.queries import latest_standing
from tests import factories as core
from tests.conftest import counted
from tests.quality import factories


def count_queries(function, *args):
    with counted() as statements:
        result = function(*args)
    return result, len(statements)


def test_the_latest_completed_assessment_from_any_municipality_counts():
    template = factories.template()
    provider = core.provider()
    older_by = core.municipality(name="Äldre kommun")
    newer_by = core.municipality(name="Nyare kommun")
    factories.assessment(template, provider, older_by, assessed_on=date(2025, 1, 10))
    latest = factories.assessment(template, provider, newer_by, values={"K1": False},
                                  assessed_on=date(2026, 2, 1))
    factories.assessment(template, provider, older_by, completed=False,
                         assessed_on=date(2026, 3, 1))  # a later draft does not count
    standing = latest_standing([provider.id])[provider.id]
    assert standing.assessment_id == latest.id
    assert standing.municipality == "Nyare kommun"
    assert (standing.passed, standing.warning) == (False, True)
    assert standing.assessed_on == date(2026, 2, 1)
    assert standing.valid_until == date(2027, 2, 1)


def test_lowest_band_warns_and_missing_is_absent():
    template = factories.template()
    low, good, none = core.provider(), core.provider(), core.provider()
    factories.assessment(template, low, values={"K2": 0, "K3": 0})  # 3 of 6 weight: 50
    factories.assessment(template, good)
    standings = latest_standing([low.id, good.id, none.id])
    assert standings[low.id].score == 50.0 and standings[low.id].band == "Låg"
    assert standings[low.id].lowest_band and standings[low.id].warning
    assert standings[low.id].passed
    assert not standings[good.id].warning and standings[good.id].band == "Hög"
    assert none.id not in standings


def test_one_query_whatever_the_number_of_providers():
    template = factories.template()
    providers = [core.provider() for _ in range(6)]
    for provider in providers:
        factories.assessment(template, provider)
        factories.assessment(template, provider, assessed_on=date(2025, 6, 1))
    standings, queries = count_queries(latest_standing, [p.id for p in providers])
    assert len(standings) == 6 and queries == 1
    assert latest_standing([]) == {}


def test_same_day_ties_go_to_the_later_completion():
    template = factories.template()
    provider = core.provider()
    factories.assessment(template, provider, values={"K1": False})
    second = factories.assessment(template, provider)
    assert latest_standing([provider.id])[provider.id].assessment_id == second.id
