"""Demo quality assessments of fictional providers against the seeded checklist."""

from collections import defaultdict
from datetime import datetime, time

from sqlalchemy import func, select

from registry.extensions import db
from registry.quality.models import (
    Answer,
    AnswerType,
    Assessment,
    AssessmentStatus,
    ChecklistTemplate,
)
from registry.quality.services import current_bands
from registry.quality.services.assessments import finish
from registry.seeding.files import SeedDataError, check_keys, load_yaml, require
from registry.seeding.users import demo_email

ASSESSMENT_FIELDS = ("provider", "municipality", "assessor", "assessed_on_offset_days",
                     "summary", "answers")
TEMPLATE_FAMILY = "nordvast-kvalitet"
TEMPLATE_VERSION = 1
DEFAULT_ANSWER = {AnswerType.YES_NO.value: True, AnswerType.SCALE.value: 2}


def seed_assessments(ctx):
    """Create the demo assessments not yet there (the n-th per provider and municipality)."""
    template = db.session.scalar(select(ChecklistTemplate).filter_by(
        family=TEMPLATE_FAMILY, version_number=TEMPLATE_VERSION))
    if template is None:
        raise SeedDataError(f"checklistan {TEMPLATE_FAMILY} v{TEMPLATE_VERSION} saknas")
    bands = current_bands()
    for (provider, municipality), rows in _grouped(ctx).items():
        for row in rows[_existing(provider.id, template.id, municipality.id):]:
            _assessment(ctx, row, template, provider, municipality, bands)


def _grouped(ctx):
    """Return {(provider, municipality): rows oldest first}, each row checked."""
    groups = defaultdict(list)
    for row in load_yaml("demo", "assessments.yaml")["assessments"]:
        where = f"bedömning av {row.get('provider')}"
        check_keys(row, ASSESSMENT_FIELDS, where)
        require(row, ("provider", "municipality", "assessor", "assessed_on_offset_days"), where)
        provider = ctx.provider(row["provider"])
        if not provider.fictional:
            raise SeedDataError(f"{where}: bara fiktiva utförare får demobedömningar")
        groups[(provider, ctx.municipality(row["municipality"]))].append(row)
    for rows in groups.values():
        rows.sort(key=lambda r: int(r["assessed_on_offset_days"]))
    return groups


def _existing(provider_id, template_id, municipality_id):
    """Count the assessments already seeded for one provider by one municipality."""
    query = select(func.count(Assessment.id)).filter_by(
        provider_id=provider_id, template_id=template_id, municipality_id=municipality_id)
    return db.session.scalar(query)


def _assessment(ctx, row, template, provider, municipality, bands):
    where = f"bedömning av {provider.org_number}"
    answers = dict(row.get("answers") or {})
    unknown = set(answers) - {indicator.code for indicator in template.indicators}
    if unknown:
        raise SeedDataError(f"{where}: okända indikatorer {sorted(unknown)}")
    assessed_on = ctx.date_field(row, "assessed_on")
    assessment = Assessment(
        provider_id=provider.id, template=template, municipality_id=municipality.id,
        assessor_id=ctx.user(demo_email(row["assessor"], municipality.slug)).id,
        assessed_on=assessed_on, status=AssessmentStatus.DRAFT.value,
        summary=row.get("summary", ""))
    assessment.answers = [_answer(indicator, answers.get(indicator.code))
                          for indicator in template.indicators]
    finish(assessment, bands, completed_at=datetime.combine(assessed_on, time(12, 0)))
    db.session.add(assessment)
    db.session.flush()
    ctx.created("assessments")
    ctx.created("assessment_answers", len(assessment.answers))


def _answer(indicator, value):
    if value is None:
        value = DEFAULT_ANSWER.get(indicator.answer_type)
    if indicator.answer_type == AnswerType.TEXT.value:
        return Answer(indicator=indicator, value_text=value, comment="")
    return Answer(indicator=indicator, value_number=None if value is None else float(value),
                  comment="")
