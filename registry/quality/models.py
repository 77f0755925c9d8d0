"""ChecklistTemplate, Indicator, Assessment and Answer."""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from registry.core.enums import LabelledEnum
from registry.core.models import IdMixin, TimestampMixin, VersionedMixin, enum_check
from registry.extensions import db
from registry.quality.scoring import AnswerType, Criterion


class TemplateStatus(LabelledEnum):
    DRAFT = "draft", "Utkast"
    PUBLISHED = "published", "Publicerad"
    RETIRED = "retired", "Ersatt"


class AssessmentStatus(LabelledEnum):
    DRAFT = "draft", "Utkast"
    COMPLETED = "completed", "Genomförd"


class ChecklistTemplate(IdMixin, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "checklist_templates"
    __table_args__ = (
        UniqueConstraint("family", "version_number"),
        enum_check("status", [s.value for s in TemplateStatus]),
        CheckConstraint("version_number >= 1", name="version_positive"),
        CheckConstraint("status = 'draft' OR published_at IS NOT NULL", name="published_dated"),
    )

    family: Mapped[str] = mapped_column(String(60))
    version_number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    provenance: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default=TemplateStatus.DRAFT.value)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("checklist_templates.id"))

    indicators = relationship("Indicator", cascade="all, delete-orphan",
                              order_by="Indicator.position", back_populates="template")

    def __str__(self):
        return f"{self.name} (version {self.version_number})"

    @property
    def is_draft(self):
        return self.status == TemplateStatus.DRAFT


class Indicator(IdMixin, db.Model):
    __tablename__ = "indicators"
    __table_args__ = (
        UniqueConstraint("template_id", "code"),
        enum_check("answer_type", [a.value for a in AnswerType]),
        CheckConstraint("weight >= 0 AND weight <= 100", name="weight_range"),
        CheckConstraint("answer_type != 'text' OR (weight = 0 AND NOT critical)",
                        name="text_unscored"),
        CheckConstraint("number_zero_at IS NULL OR number_full_at IS NULL "
                        "OR number_zero_at != number_full_at", name="number_points_differ"),
    )

    template_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_templates.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(12))
    section: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    guidance: Mapped[str] = mapped_column(Text, default="")
    grounding: Mapped[str] = mapped_column(String(200), default="")
    answer_type: Mapped[str] = mapped_column(String(12))
    weight: Mapped[int] = mapped_column(Integer, default=1)
    critical: Mapped[bool] = mapped_column(Boolean, default=False)
    evidence_required: Mapped[bool] = mapped_column(Boolean, default=False)
    # Number answers: the value that scores 0 and the value that scores full (linear between).
    number_zero_at: Mapped[float | None] = mapped_column(Float)
    number_full_at: Mapped[float | None] = mapped_column(Float)

    template = relationship("ChecklistTemplate", back_populates="indicators")

    def criterion(self):
        """Return what the scoring needs to know about this indicator."""
        return Criterion(code=self.code, answer_type=self.answer_type, weight=self.weight or 0,
                         critical=bool(self.critical), zero_at=self.number_zero_at,
                         full_at=self.number_full_at)


class Assessment(IdMixin, TimestampMixin, VersionedMixin, db.Model):
    """A purchaser's assessment of one provider against one template version."""

    __tablename__ = "assessments"
    __table_args__ = (
        enum_check("status", [s.value for s in AssessmentStatus]),
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 100)", name="score_range"),
        CheckConstraint(
            "status = 'draft' OR (score IS NOT NULL AND passed IS NOT NULL "
            "AND valid_until IS NOT NULL)", name="completed_has_result"),
        CheckConstraint("status = 'draft' OR (band IS NOT NULL AND lowest_band IS NOT NULL)",
                        name="completed_has_band"),
        CheckConstraint("valid_until IS NULL OR valid_until >= assessed_on",
                        name="valid_after_assessed"),
    )

    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("checklist_templates.id"))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    assessor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assessed_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default=AssessmentStatus.DRAFT.value)
    score: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    band: Mapped[str | None] = mapped_column(String(40))
    # Whether the band was the lowest one when the assessment was completed (bands may change).
    lowest_band: Mapped[bool | None] = mapped_column(Boolean)
    valid_until: Mapped[date | None] = mapped_column(Date)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    summary: Mapped[str] = mapped_column(Text, default="")

    provider = relationship("Provider")
    template = relationship("ChecklistTemplate")
    municipality = relationship("Municipality")
    answers = relationship("Answer", cascade="all, delete-orphan", back_populates="assessment")

    @property
    def is_completed(self):
        return self.status == AssessmentStatus.COMPLETED

    @property
    def warning(self):
        """Return True when a completed assessment failed or fell into the lowest band."""
        return self.is_completed and (not self.passed or bool(self.lowest_band))


class Answer(IdMixin, db.Model):
    __tablename__ = "assessment_answers"
    __table_args__ = (UniqueConstraint("assessment_id", "indicator_id"),)

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"))
    value_number: Mapped[float | None] = mapped_column(Float)
    value_text: Mapped[str | None] = mapped_column(Text)
    comment: Mapped[str] = mapped_column(Text, default="")
    evidence_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))

    assessment = relationship("Assessment", back_populates="answers")
    indicator = relationship("Indicator")


class LockedRecordError(RuntimeError):
    """Raised when code tries to change a published checklist or a completed assessment."""


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_locked_records(session, _context, _instances):
    """Keep published checklist versions and completed assessments as they were recorded."""
    changed = [o for o in session.dirty if session.is_modified(o)] + list(session.deleted)
    for obj in changed + list(session.new):
        if _locked(obj, obj in session.deleted):
            raise LockedRecordError(f"{type(obj).__name__} {obj.id} is locked")


def _locked(obj, deleted):
    if isinstance(obj, ChecklistTemplate):
        return _published(obj) and (deleted or not _only_retired(obj))
    if isinstance(obj, Indicator):
        return obj.template is not None and _published(obj.template)
    if isinstance(obj, Assessment):
        return _stored(obj, "status") == AssessmentStatus.COMPLETED
    if isinstance(obj, Answer):
        owner = obj.assessment
        return owner is not None and _stored(owner, "status") == AssessmentStatus.COMPLETED
    return False


def _published(template):
    return _stored(template, "status") in (TemplateStatus.PUBLISHED, TemplateStatus.RETIRED)


def _stored(obj, name):
    """Return the value the database holds for obj.name (None for an object not yet stored)."""
    state = inspect(obj)
    if not state.persistent and not state.deleted:
        return None
    history = state.attrs[name].history
    return history.deleted[0] if history.deleted else getattr(obj, name)


def _only_retired(template):
    """Return True when the only change to a published template is retiring it."""
    state = inspect(template)
    changed = {attr.key for attr in state.attrs if attr.history.has_changes()}
    return changed <= {"status", "updated_at"} and template.status == TemplateStatus.RETIRED
