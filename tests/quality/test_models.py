"""Published checklist versions and completed assessments cannot be changed, even by code."""

import pytest

from registry.extensions import db
from registry.quality.models import Indicator, LockedRecordError
from tests.factories import assert_refused
from tests.quality import factories


def test_an_indicator_of_a_published_version_cannot_be_changed():
    template = factories.template()
    template.indicators[0].weight = 50
    with pytest.raises(LockedRecordError):
        db.session.flush()


def test_no_indicator_can_be_added_to_or_removed_from_a_published_version():
    template = factories.template()
    template.indicators.append(factories.indicator_row(9, "K9", "yes_no", 1))
    with pytest.raises(LockedRecordError):
        db.session.flush()
    db.session.rollback()
    template = factories.template()
    db.session.delete(template.indicators[0])
    with pytest.raises(LockedRecordError):
        db.session.flush()


def test_a_published_version_can_only_be_retired():
    template = factories.template()
    template.status = "retired"
    db.session.flush()
    template.name = "Nytt namn"
    with pytest.raises(LockedRecordError):
        db.session.flush()


def test_a_draft_version_can_be_edited():
    template = factories.template(status="draft")
    template.indicators[0].weight = 50
    template.indicators.append(factories.indicator_row(9, "K9", "yes_no", 1))
    db.session.flush()
    assert db.session.get(Indicator, template.indicators[0].id).weight == 50


def test_a_completed_assessment_and_its_answers_cannot_be_changed():
    assessment = factories.assessment()
    assessment.summary = "Ändrad i efterhand"
    with pytest.raises(LockedRecordError):
        db.session.flush()
    db.session.rollback()
    assessment = factories.assessment()
    assessment.answers[0].value_number = 0.0
    with pytest.raises(LockedRecordError):
        db.session.flush()
    db.session.rollback()
    assessment = factories.assessment()
    db.session.delete(assessment)
    with pytest.raises(LockedRecordError):
        db.session.flush()


def test_the_database_refuses_a_scored_text_indicator_and_a_completed_assessment_without_band():
    template = factories.template(status="draft")
    assert_refused(lambda: (template.indicators.append(
        Indicator(code="T9", section="S", position=9, text="t", answer_type="text", weight=2,
                  critical=False, evidence_required=False)), db.session.flush()),
        "text_unscored")
    db.session.rollback()
    draft = factories.assessment(completed=False)
    draft.status, draft.score, draft.passed = "completed", 50.0, True
    draft.valid_until = draft.assessed_on
    assert_refused(db.session.flush, "completed_has_band")
