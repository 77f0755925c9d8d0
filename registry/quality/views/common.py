"""What the quality pages share: labels, today's date and the locked page."""

from flask import render_template

from registry.core.dates import today
from registry.quality.models import AnswerType, AssessmentStatus, TemplateStatus

LABELS = {"answer_type": AnswerType, "template_status": TemplateStatus,
          "assessment_status": AssessmentStatus}


def locked_page(title, message, back_url, status):
    """Render the page that explains why a published or completed record cannot change."""
    return render_template("quality/locked.html", title=title, message=message,
                           back_url=back_url), status


def render(page, **context):
    """Render a quality page with the shared labels and today's date."""
    return render_template(page, labels=LABELS, on=today(), **context)
