"""Quality test rows: checklist versions, indicators and assessments (flushed, returned)."""

import itertools
from datetime import date

from registry.core.dates import utcnow
from registry.extensions import db
from registry.quality.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    ChecklistTemplate,
    Indicator,
    TemplateStatus,
)
from registry.quality.services import current_bands
from registry.quality.services.assessments import finish
from tests import factories

_sequence = itertools.count(1)

# (code, answer_type, weight, critical, evidence_required)
SMALL_CHECKLIST = (
    ("K1", "yes_no", 3, True, True),
    ("K2", "scale_0_3", 2, False, False),
    ("K3", "number", 1, False, False),
    ("K4", "text", 0, False, False),
)


def template(status=TemplateStatus.PUBLISHED.value, indicators=SMALL_CHECKLIST, **values):
    """A checklist version of its own family with the given indicators."""
    n = next(_sequence)
    published = status != TemplateStatus.DRAFT.value
    defaults = {"family": f"test-family-{n}", "version_number": 1, "name": f"Testlista {n}",
                "provenance": "Testdata.", "status": status,
                "published_at": utcnow() if published else None}
    found = ChecklistTemplate(**{**defaults, **values})
    found.indicators = [indicator_row(position, *spec)
                        for position, spec in enumerate(indicators, start=1)]
    db.session.add(found)
    db.session.flush()
    return found


def indicator_row(position, code, answer_type, weight, critical=False, evidence=False):
    numbers = {"number_zero_at": 0.0, "number_full_at": 200.0} if answer_type == "number" else {}
    return Indicator(code=code, section="Avsnitt A" if position < 3 else "Avsnitt B",
                     position=position, text=f"Indikator {code}", guidance="", grounding="",
                     answer_type=answer_type, weight=weight, critical=critical,
                     evidence_required=evidence, **numbers)


def assessment(template_=None, provider_=None, municipality_=None, values=None,
               completed=True, assessed_on=date(2026, 3, 1), **fields):
    """An assessment; `values` maps indicator code to an answer value (default: all met)."""
    template_ = template_ or template()
    provider_ = provider_ or factories.provider()
    municipality_ = municipality_ or factories.municipality()
    found = Assessment(provider_id=provider_.id, template=template_,
                       municipality_id=municipality_.id, assessed_on=assessed_on,
                       status=AssessmentStatus.DRAFT.value, summary="", **fields)
    values = values or {}
    found.answers = [_answer(i, values.get(i.code, _met(i))) for i in template_.indicators]
    if completed:
        finish(found, current_bands())
    db.session.add(found)
    db.session.flush()
    return found


def _met(indicator):
    return {"yes_no": True, "scale_0_3": 3, "number": 200, "text": "Svar"}[indicator.answer_type]


def _answer(indicator, value):
    if indicator.answer_type == "text":
        return Answer(indicator=indicator, indicator_id=indicator.id, value_text=value,
                      comment="")
    number = None if value is None else float(value)
    return Answer(indicator=indicator, indicator_id=indicator.id, value_number=number,
                  comment="")
