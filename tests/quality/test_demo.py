"""The demo assessments: shared by several municipalities, over time, scored by the rule."""

from collections import Counter

import pytest
from sqlalchemy import select

from registry.config import ConfigError, load_settings
from registry.extensions import db
from registry.providers.models import Provider, ServiceType
from registry.quality.models import Assessment
from registry.quality.queries import latest_standing
from registry.quality.services import current_bands
from registry.quality.services.assessments import score_of


def completed():
    return db.session.scalars(select(Assessment).where(Assessment.status == "completed")).all()


def test_demo_assessments_come_from_several_municipalities_and_repeat_over_time():
    rows = completed()
    assert len({a.municipality_id for a in rows}) >= 3
    repeated = [pid for pid, n in Counter(a.provider_id for a in rows).items() if n > 1]
    assert len(repeated) >= 3
    assert all(a.provider.fictional for a in rows)


def test_three_providers_of_protected_housing_have_scores_to_compare():
    service = db.session.scalar(select(ServiceType).where(ServiceType.code == "skyddat_boende"))
    providers = db.session.scalars(select(Provider).where(
        Provider.services.any(ServiceType.id == service.id))).all()
    standings = latest_standing([p.id for p in providers])
    assert len(standings) >= 3


def test_demo_results_follow_the_scoring_rule_and_some_warn():
    bands = current_bands()
    for assessment in completed():
        result = score_of(assessment, bands)
        assert (assessment.score, assessment.passed, assessment.band) == (
            result.score, result.passed, result.band)
    standings = latest_standing([a.provider_id for a in completed()]).values()
    assert any(not s.passed for s in standings)
    assert any(s.lowest_band and s.passed for s in standings)
    assert any(not s.warning for s in standings)


@pytest.mark.parametrize("bands", ["Låg:0-50;Hög:60-100", "Låg:0-70;Hög:60-100", "x"])
def test_the_band_setting_is_validated_at_start(bands):
    with pytest.raises(ConfigError, match="REGISTRY_QUALITY_BANDS"):
        load_settings({"QUALITY_BANDS": bands}, environ={})
    with pytest.raises(ConfigError, match="REGISTRY_QUALITY_BANDS"):
        load_settings(environ={"REGISTRY_QUALITY_BANDS": bands})


def test_a_valid_band_setting_is_read_from_the_environment():
    settings = load_settings(environ={"REGISTRY_QUALITY_BANDS": "Svag:0-50;Stark:50-100"})
    assert settings["QUALITY_BANDS"] == "Svag:0-50;Stark:50-100"
