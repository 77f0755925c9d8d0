"""Assessments: start a draft, save answers, complete (scored, then read-only), delete a draft."""

from dataclasses import dataclass

from registry.core import audit
from registry.core.dates import add_months, today, utcnow
from registry.core.refusal import Refused
from registry.extensions import db
from registry.providers.documents import discard
from registry.providers.models import Document
from registry.quality import scoring
from registry.quality.models import (
    Answer,
    AnswerType,
    Assessment,
    AssessmentStatus,
    TemplateStatus,
)
from registry.quality.services import RecordLocked

VALID_MONTHS = 12
MAX_VALID_MONTHS = 36
SUMMARY_FIELDS = ("assessed_on", "valid_until", "summary")


@dataclass(frozen=True)
class AnswerInput:
    """One indicator's answer as typed: value (bool, number, text or None), comment, evidence."""

    value: object = None
    comment: str = ""
    evidence_document_id: int | None = None


def ensure_draft(assessment):
    """Raise RecordLocked when the assessment is completed."""
    if assessment.status != AssessmentStatus.DRAFT:
        raise RecordLocked("Bedömningen är genomförd och kan inte ändras. "
                                    "En rättelse görs som en ny bedömning.")


def start(provider, template, user, assessed_on=None):
    """Create a draft assessment of a provider against a published checklist version."""
    if template.status != TemplateStatus.PUBLISHED:
        raise Refused("Välj den gällande, publicerade versionen av "
                                             "checklistan.", "template_id")
    if user.municipality_id is None:
        raise Refused("Bara användare som hör till en kommun kan bedöma utförare.")
    assessed_on = assessed_on or today()
    _check_assessed_on(assessed_on)
    assessment = Assessment(provider_id=provider.id, template_id=template.id,
                            municipality_id=user.municipality_id, assessor_id=user.id,
                            assessed_on=assessed_on, status=AssessmentStatus.DRAFT.value,
                            summary="")
    assessment.answers = [Answer(indicator_id=i.id, comment="") for i in template.indicators]
    db.session.add(assessment)
    db.session.flush()
    audit.record("create", "assessments", assessment.id,
                 {"provider_id": {"after": provider.id}, "template_id": {"after": template.id}})
    return assessment


def save(assessment, answers, assessed_on, valid_until, summary):
    """Store a draft's answers and dates; `answers` maps indicator id to AnswerInput."""
    ensure_draft(assessment)
    _check_assessed_on(assessed_on)
    assessment.assessed_on, assessment.valid_until = assessed_on, valid_until
    problems = list(_validity_problems(assessment))
    if problems:
        raise Refused.of(problems)
    assessment.summary = summary or ""
    replaced = {a.evidence_document_id for a in assessment.answers} - {None}
    changed = _store_answers(assessment, answers)
    changes = audit.diff(assessment, SUMMARY_FIELDS)
    if changed:
        changes["answers"] = {"changed": changed}
    db.session.flush()
    _discard_documents(replaced - {a.evidence_document_id for a in assessment.answers})
    if changes:
        audit.record("update", "assessments", assessment.id, changes)
    return assessment


def complete(assessment, bands):
    """Check a draft is whole, score it and lock it; raise Refused with every gap."""
    ensure_draft(assessment)
    problems = list(_gaps(assessment)) + list(_validity_problems(assessment))
    if problems:
        raise Refused.of(problems)
    finish(assessment, bands)
    db.session.flush()
    audit.record("update", "assessments", assessment.id, {
        "status": {"before": "draft", "after": "completed"},
        "score": {"after": assessment.score}, "passed": {"after": assessment.passed}})
    return assessment


def finish(assessment, bands, completed_at=None):
    """Score a whole assessment and mark it completed (the seeder calls this too)."""
    result = score_of(assessment, bands)
    assessment.score, assessment.passed = result.score, result.passed
    assessment.band, assessment.lowest_band = result.band, result.lowest_band
    assessment.valid_until = assessment.valid_until or add_months(assessment.assessed_on,
                                                                  VALID_MONTHS)
    assessment.status = AssessmentStatus.COMPLETED.value
    assessment.completed_at = completed_at or utcnow()
    return result


def score_of(assessment, bands):
    """Return the scoring Result of an assessment's current answers."""
    rows = {a.indicator_id or a.indicator.id: a for a in assessment.answers}
    pairs = [(i.criterion(), answer_value(i, rows.get(i.id)))
             for i in assessment.template.indicators]
    return scoring.score(pairs, bands)


def answer_value(indicator, answer):
    """Return a stored answer as the scoring reads it (bool, number, text or None)."""
    kind = indicator.answer_type
    if answer is None:
        return None
    if kind == AnswerType.TEXT:
        return answer.value_text or None
    if answer.value_number is None:
        return None
    if kind == AnswerType.YES_NO:
        return answer.value_number >= 1
    if kind == AnswerType.SCALE:
        return int(answer.value_number)
    return answer.value_number


def delete_draft(assessment):
    """Delete a draft assessment, its answers and their evidence (files once committed)."""
    ensure_draft(assessment)
    evidence = [a.evidence_document_id for a in assessment.answers if a.evidence_document_id]
    audit.record("delete", "assessments", assessment.id)
    db.session.delete(assessment)
    db.session.flush()
    _discard_documents(evidence)


def _discard_documents(ids):
    """Delete documents no answer holds any more, with their files."""
    for document_id in ids:
        document = db.session.get(Document, document_id)
        if document is not None:
            discard(document)
    db.session.flush()


def _store_answers(assessment, answers):
    """Write the typed answers onto the answer rows; return how many changed."""
    changed = 0
    rows = {a.indicator_id: a for a in assessment.answers}
    for indicator in assessment.template.indicators:
        typed = answers.get(indicator.id)
        row = rows.get(indicator.id)
        if typed is None or row is None:
            continue
        new = _columns(indicator, typed)
        if any(getattr(row, key) != value for key, value in new.items()):
            changed += 1
            for key, value in new.items():
                setattr(row, key, value)
    return changed


def _columns(indicator, typed):
    text = typed.value if indicator.answer_type == AnswerType.TEXT else None
    number = None if text is not None or typed.value is None else float(typed.value)
    evidence = typed.evidence_document_id
    return {"value_text": (text or None), "value_number": number,
            "comment": typed.comment or "", **(
                {"evidence_document_id": evidence} if evidence else {})}


def _gaps(assessment):
    """Yield (field, message) for each scored answer missing and each evidence missing."""
    rows = {a.indicator_id: a for a in assessment.answers}
    for indicator in assessment.template.indicators:
        row = rows.get(indicator.id)
        needs_value = indicator.criterion().scored or indicator.critical
        if needs_value and answer_value(indicator, row) is None:
            yield f"value_{indicator.id}", "Svar saknas."
        if indicator.evidence_required and (row is None or row.evidence_document_id is None):
            yield f"evidence_{indicator.id}", "Underlag (PDF) krävs."


def _validity_problems(assessment):
    valid_until = assessment.valid_until
    if valid_until is None:
        return
    if valid_until <= assessment.assessed_on:
        yield "valid_until", "Giltig till måste vara efter bedömningsdatumet."
    elif valid_until > add_months(assessment.assessed_on, MAX_VALID_MONTHS):
        yield "valid_until", f"En bedömning kan gälla högst {MAX_VALID_MONTHS} månader."


def _check_assessed_on(assessed_on):
    if assessed_on > today():
        raise Refused("Bedömningsdatumet kan inte ligga i framtiden.", "assessed_on")
