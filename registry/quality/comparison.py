"""The comparison: providers × indicators of one checklist version, scores over time, outcomes."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from registry.core.money import format_number
from registry.extensions import db
from registry.providers.models import Provider, ServiceType
from registry.quality.models import AnswerType, Assessment, AssessmentStatus
from registry.quality.queries import latest_completed, latest_standing

YES_NO_TEXT = {True: "Ja", False: "Nej"}


@dataclass(frozen=True)
class Column:
    """One provider in the matrix: its latest assessment against the version (or None)."""

    provider: Provider
    assessment: Assessment | None
    answers: dict
    failed_critical: frozenset
    standing: object
    outcome: object
    history: tuple

    def cell(self, indicator):
        """Return the answer to one indicator as short text ('' when not assessed)."""
        answer = self.answers.get(indicator.id)
        if self.assessment is None or answer is None:
            return ""
        return answer_text(indicator, answer)


def answer_text(indicator, answer):
    """Return an answer as short text for tables and exports."""
    kind = indicator.answer_type
    if kind == AnswerType.TEXT:
        return answer.value_text or "–"
    if answer.value_number is None:
        return "–"
    if kind == AnswerType.YES_NO:
        return YES_NO_TEXT[answer.value_number >= 1]
    if kind == AnswerType.SCALE:
        return str(int(answer.value_number))
    return format_number(answer.value_number)


def compared_providers(template_id, service_type_id=None):
    """Return the providers to compare: those offering the service, else those assessed."""
    query = select(Provider).order_by(Provider.legal_name)
    if service_type_id:
        return list(db.session.scalars(query.where(
            Provider.services.any(ServiceType.id == service_type_id))))
    assessed = select(Assessment.provider_id).where(
        Assessment.template_id == template_id,
        Assessment.status == AssessmentStatus.COMPLETED.value)
    return list(db.session.scalars(query.where(Provider.id.in_(assessed))))


def latest_for_template(template_id, provider_ids):
    """Return {provider id: latest completed Assessment against the version, answers loaded}."""
    latest = latest_completed(template_id)
    query = (select(Assessment)
             .join(latest, (latest.c.id == Assessment.id) & (latest.c.rn == 1))
             .where(Assessment.provider_id.in_(provider_ids))
             .options(joinedload(Assessment.municipality), selectinload(Assessment.answers)))
    return {a.provider_id: a for a in db.session.scalars(query)}


class HistoryRow(NamedTuple):
    """One completed assessment on a provider's score-over-time line."""

    day: date
    score: float
    passed: bool
    band: str
    version: int
    municipality: str

    @property
    def point(self):
        """Return what the chart draws: (day, score, passed, band)."""
        return self.day, self.score, self.passed, self.band


def score_history(provider_ids):
    """Return {provider id: (HistoryRow, ...)} of completed assessments, oldest first."""
    query = (select(Assessment).where(Assessment.provider_id.in_(provider_ids),
                                      Assessment.status == AssessmentStatus.COMPLETED.value)
             .options(joinedload(Assessment.municipality), joinedload(Assessment.template))
             .order_by(Assessment.assessed_on, Assessment.id))
    history = defaultdict(list)
    for a in db.session.scalars(query):
        history[a.provider_id].append(HistoryRow(a.assessed_on, a.score, a.passed, a.band,
                                                 a.template.version_number, a.municipality.name))
    return {pid: tuple(rows) for pid, rows in history.items()}


def matrix(template, service_type_id, outcomes_for, failed_for):
    """Return the Columns of the comparison; outcomes_for and failed_for are callables."""
    providers = compared_providers(template.id, service_type_id)
    ids = [p.id for p in providers]
    latest = latest_for_template(template.id, ids)
    standings = latest_standing(ids)
    outcomes = outcomes_for(ids)
    history = score_history(ids)
    columns = []
    for provider in providers:
        assessment = latest.get(provider.id)
        answers = {a.indicator_id: a for a in assessment.answers} if assessment else {}
        failed = frozenset(failed_for(assessment)) if assessment else frozenset()
        columns.append(Column(provider, assessment, answers, failed, standings.get(provider.id),
                              outcomes.get(provider.id), history.get(provider.id, ())))
    return columns
