"""Reads of the shared quality registry: standings, checklists, assessments."""

from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from registry.core.scoping import not_found
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.providers.models import Document, DocumentKind, Provider
from registry.quality.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    ChecklistTemplate,
    TemplateStatus,
)

COMPLETED = AssessmentStatus.COMPLETED.value


@dataclass(frozen=True)
class Standing:
    """A provider's standing: its latest completed assessment, from any municipality."""

    score: float
    passed: bool
    band: str
    lowest_band: bool
    warning: bool
    assessed_on: date
    valid_until: date
    municipality: str
    assessment_id: int

    def is_valid_on(self, day):
        """Return True when the assessment has not expired on `day`."""
        return self.valid_until >= day


def _newest_first(partition):
    return func.row_number().over(
        partition_by=partition,
        order_by=(Assessment.assessed_on.desc(), Assessment.completed_at.desc(),
                  Assessment.id.desc()))


def latest_completed(template_id=None):
    """Return a subquery of each provider's latest completed assessment (rank column `rn`)."""
    query = select(Assessment.id, Assessment.provider_id,
                   _newest_first(Assessment.provider_id).label("rn")).where(
        Assessment.status == COMPLETED)
    if template_id is not None:
        query = query.where(Assessment.template_id == template_id)
    return query.subquery()


def latest_standing(provider_ids):
    """Return {provider id: Standing} from each provider's latest completed assessment."""
    ids = list(provider_ids)
    if not ids:
        return {}
    latest = latest_completed()
    query = (select(Assessment.provider_id, Assessment.score, Assessment.passed,
                    Assessment.band, Assessment.lowest_band, Assessment.assessed_on,
                    Assessment.valid_until, Municipality.name, Assessment.id)
             .join(latest, (latest.c.id == Assessment.id) & (latest.c.rn == 1))
             .join(Municipality, Municipality.id == Assessment.municipality_id)
             .where(Assessment.provider_id.in_(ids)))
    return {row[0]: _standing(*row[1:]) for row in db.session.execute(query)}


def _standing(score, passed, band, lowest, assessed_on, valid_until, municipality, id_):
    lowest = bool(lowest)
    return Standing(score=score, passed=bool(passed), band=band, lowest_band=lowest,
                    warning=not passed or lowest, assessed_on=assessed_on,
                    valid_until=valid_until, municipality=municipality, assessment_id=id_)


# Checklists --------------------------------------------------------------------------------

def templates():
    """Return every checklist version, family by family, newest version first."""
    query = select(ChecklistTemplate).order_by(ChecklistTemplate.family,
                                               ChecklistTemplate.version_number.desc())
    return list(db.session.scalars(query))


def current_templates():
    """Return the published version of each family (the ones assessed against)."""
    query = select(ChecklistTemplate).where(
        ChecklistTemplate.status == TemplateStatus.PUBLISHED.value).order_by(
        ChecklistTemplate.name)
    return list(db.session.scalars(query))


def assessed_templates():
    """Return the checklist versions that have completed assessments, newest first."""
    used = select(Assessment.template_id).where(Assessment.status == COMPLETED)
    query = select(ChecklistTemplate).where(ChecklistTemplate.id.in_(used)).order_by(
        ChecklistTemplate.published_at.desc(), ChecklistTemplate.id.desc())
    return list(db.session.scalars(query))


def get_template(template_id):
    """Return one checklist version with its indicators, or 404."""
    template = db.session.scalar(select(ChecklistTemplate).where(
        ChecklistTemplate.id == template_id).options(
        selectinload(ChecklistTemplate.indicators)))
    if template is None:
        abort(404)
    return template


def is_newest(template):
    """Return True when no later version of the template's family exists."""
    later = select(ChecklistTemplate.id).where(
        ChecklistTemplate.family == template.family,
        ChecklistTemplate.version_number > template.version_number)
    return db.session.scalar(later.limit(1)) is None


def assessment_count(template_id):
    """Return how many assessments use a checklist version."""
    return db.session.scalar(select(func.count(Assessment.id)).where(
        Assessment.template_id == template_id))


# Assessments -------------------------------------------------------------------------------

def completed_assessments(provider_id=None, municipality_id=None, limit=None):
    """Return completed assessments (all municipalities), newest first."""
    query = (select(Assessment).where(Assessment.status == COMPLETED)
             .options(joinedload(Assessment.provider), joinedload(Assessment.municipality),
                      joinedload(Assessment.template))
             .order_by(Assessment.assessed_on.desc(), Assessment.id.desc()))
    if provider_id:
        query = query.where(Assessment.provider_id == provider_id)
    if municipality_id:
        query = query.where(Assessment.municipality_id == municipality_id)
    return list(db.session.scalars(query.limit(limit)))


def drafts(municipality_id):
    """Return the municipality's draft assessments, newest first."""
    if municipality_id is None:
        return []
    query = (select(Assessment).where(Assessment.status == AssessmentStatus.DRAFT.value,
                                      Assessment.municipality_id == municipality_id)
             .options(joinedload(Assessment.provider), joinedload(Assessment.template))
             .order_by(Assessment.updated_at.desc()))
    return list(db.session.scalars(query))


def get_assessment(assessment_id, user):
    """Return a completed assessment, or the user's municipality's draft; else 404."""
    assessment = db.session.scalar(
        select(Assessment).where(Assessment.id == assessment_id).options(
            joinedload(Assessment.provider), joinedload(Assessment.municipality),
            joinedload(Assessment.template).selectinload(ChecklistTemplate.indicators),
            selectinload(Assessment.answers)))
    visible = assessment is not None and (
        assessment.is_completed or assessment.municipality_id == user.municipality_id)
    if not visible:
        not_found(assessment_id)  # another municipality's draft is a missing one, logged
    return assessment


def answers_by_indicator(assessment):
    """Return {indicator id: Answer} for an assessment."""
    return {answer.indicator_id: answer for answer in assessment.answers}


def providers_for_choice():
    """Return (id, name) of every provider, for the start form."""
    query = select(Provider.id, Provider.legal_name).order_by(Provider.legal_name)
    return [tuple(row) for row in db.session.execute(query)]


def municipalities_for_choice():
    """Return (id, name) of every municipality."""
    query = select(Municipality.id, Municipality.name).order_by(Municipality.name)
    return [tuple(row) for row in db.session.execute(query)]


def evidence_visible(user, document):
    """Return True unless the document is evidence the user's assessments do not show.

    Evidence follows its assessment: a completed one is read by everyone with quality:view,
    a draft only by its own municipality; evidence no assessment holds is shown to nobody.
    """
    if document.kind != DocumentKind.EVIDENCE.value:
        return True
    readable = or_(Assessment.status == COMPLETED,
                   Assessment.municipality_id == user.municipality_id)
    query = select(Answer.id).join(Assessment, Assessment.id == Answer.assessment_id).where(
        Answer.evidence_document_id == document.id, readable).limit(1)
    return db.session.scalar(query) is not None


def evidence_documents(assessment):
    """Return {document id: Document} for the evidence attached to an assessment's answers."""
    ids = select(Answer.evidence_document_id).where(
        Answer.assessment_id == assessment.id, Answer.evidence_document_id.is_not(None))
    return {doc.id: doc for doc in db.session.scalars(select(Document).where(
        Document.id.in_(ids)))}
