"""Checklist versions: a draft is edited, a published version is immutable, a new one is a copy."""

from dataclasses import dataclass

from sqlalchemy import func, select

from registry.core import audit
from registry.core.dates import utcnow
from registry.core.refusal import Refused
from registry.extensions import db
from registry.quality.models import ChecklistTemplate, Indicator, TemplateStatus
from registry.quality.scoring import Criterion, weight_problems
from registry.quality.services import RecordLocked

TEMPLATE_FIELDS = ("name", "provenance")
INDICATOR_FIELDS = ("code", "section", "position", "text", "guidance", "grounding",
                    "answer_type", "weight", "critical", "evidence_required",
                    "number_zero_at", "number_full_at")
COPIED_FIELDS = tuple(f for f in INDICATOR_FIELDS if f != "position")


@dataclass(frozen=True)
class IndicatorInput:
    code: str
    section: str
    text: str
    answer_type: str
    weight: int
    position: int | None = None
    guidance: str = ""
    grounding: str = ""
    critical: bool = False
    evidence_required: bool = False
    number_zero_at: float | None = None
    number_full_at: float | None = None


def ensure_draft(template):
    """Raise RecordLocked when the version is published or retired."""
    if template.status != TemplateStatus.DRAFT:
        raise RecordLocked("En publicerad version av checklistan kan inte ändras. "
                                    "Skapa en ny version – den börjar som en kopia.")


def new_version(template):
    """Copy the family's newest version into a new draft; refuse when a draft exists."""
    newest = _newest(template.family)
    if newest.status == TemplateStatus.DRAFT:
        raise Refused(f"Det finns redan ett utkast (version "
                                    f"{newest.version_number}). Arbeta vidare i det.")
    draft = ChecklistTemplate(
        family=newest.family, version_number=newest.version_number + 1, name=newest.name,
        provenance=newest.provenance, status=TemplateStatus.DRAFT.value, based_on_id=newest.id)
    draft.indicators = [_copy(indicator) for indicator in newest.indicators]
    db.session.add(draft)
    db.session.flush()
    audit.record("create", "checklist_templates", draft.id,
                 {"based_on_id": {"after": newest.id},
                  "version_number": {"after": draft.version_number}})
    return draft


def update_template(template, name, provenance):
    """Change a draft's name and provenance."""
    ensure_draft(template)
    template.name, template.provenance = name.strip(), (provenance or "").strip()
    _flush_and_audit("update", template, TEMPLATE_FIELDS)


def add_indicator(template, data):
    """Add an indicator to a draft; the code must be new in the version."""
    ensure_draft(template)
    _check_code(template, data.code)
    _check_weight(data)
    position = data.position or _next_position(template)
    indicator = Indicator(position=position, **_values(data))
    template.indicators.append(indicator)
    _touch(template)
    db.session.flush()
    audit.record("create", "indicators", indicator.id, {"template_id": {"after": template.id}})
    return indicator


def update_indicator(indicator, data):
    """Change an indicator of a draft."""
    ensure_draft(indicator.template)
    _check_code(indicator.template, data.code, indicator.id)
    _check_weight(data)
    for key, value in _values(data).items():
        setattr(indicator, key, value)
    indicator.position = data.position or indicator.position
    _touch(indicator.template)
    _flush_and_audit("update", indicator, INDICATOR_FIELDS)


def delete_indicator(indicator):
    """Remove an indicator from a draft."""
    template = indicator.template
    ensure_draft(template)
    template.indicators.remove(indicator)
    _touch(template)
    audit.record("delete", "indicators", indicator.id, {"template_id": {"before": template.id}})
    db.session.flush()


def publish(template):
    """Publish a draft whose weights are valid; the family's previous version is retired."""
    ensure_draft(template)
    if not template.indicators:
        raise Refused("Checklistan har inga indikatorer.")
    problems = weight_problems([i.criterion() for i in template.indicators])
    if problems:
        raise Refused.of(((None, f"{code}: {message}" if code else message)
                             for code, _field, message in problems))
    for previous in _published(template.family):
        previous.status = TemplateStatus.RETIRED.value
    template.status = TemplateStatus.PUBLISHED.value
    template.published_at = utcnow()
    _flush_and_audit("update", template, ("status",))


def delete_draft(template):
    """Delete a draft version (nothing is assessed against a draft)."""
    ensure_draft(template)
    audit.record("delete", "checklist_templates", template.id)
    db.session.delete(template)
    db.session.flush()


def _newest(family):
    query = select(ChecklistTemplate).where(ChecklistTemplate.family == family).order_by(
        ChecklistTemplate.version_number.desc()).limit(1)
    return db.session.scalar(query)


def _published(family):
    query = select(ChecklistTemplate).where(
        ChecklistTemplate.family == family,
        ChecklistTemplate.status == TemplateStatus.PUBLISHED.value)
    return list(db.session.scalars(query))


def _copy(indicator):
    copy = Indicator(position=indicator.position)
    for key in COPIED_FIELDS:
        setattr(copy, key, getattr(indicator, key))
    return copy


def _values(data):
    return {key: getattr(data, key) for key in COPIED_FIELDS}


def _check_code(template, code, own_id=None):
    taken = any(i.code == code and i.id != own_id for i in template.indicators)
    if taken:
        raise Refused(f"Koden {code} finns redan i den här versionen.", "code")


def _check_weight(data):
    """Refuse a weight or number setting the scoring cannot use."""
    criterion = Criterion(code=data.code, answer_type=data.answer_type, weight=data.weight,
                          critical=data.critical, zero_at=data.number_zero_at,
                          full_at=data.number_full_at)
    problems = [p for p in weight_problems([criterion]) if p[0] is not None]
    if problems:
        _code, field, message = problems[0]
        raise Refused(message, field)


def _next_position(template):
    query = select(func.max(Indicator.position)).where(Indicator.template_id == template.id)
    return (db.session.scalar(query) or 0) + 1


def _touch(template):
    """Mark the version changed, so its version number guards concurrent editors."""
    template.updated_at = utcnow()


def _flush_and_audit(action, obj, fields):
    changes = audit.diff(obj, fields)
    db.session.flush()
    if changes:
        audit.record(action, obj.__tablename__, obj.id, changes)
