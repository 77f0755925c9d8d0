"""What the quality pages share: labels, refusals shown beside fields, the locked page."""

from flask import render_template

from registry.core.dates import today
from registry.extensions import db
from registry.quality.models import AnswerType, AssessmentStatus, TemplateStatus

LABELS = {"answer_type": AnswerType, "template_status": TemplateStatus,
          "assessment_status": AssessmentStatus}
UNPROCESSABLE = 422


def attach(form, error):
    """Put a service's refusal next to the fields it concerns."""
    for field, message in error.problems:
        form.add_error(field, message)


def refuse(form, error):
    """Undo the request's writes and attach the refusal; return the 422 status."""
    db.session.rollback()
    attach(form, error)
    return UNPROCESSABLE


def locked_page(title, message, back_url, status):
    """Render the page that explains why a published or completed record cannot change."""
    return render_template("quality/locked.html", title=title, message=message,
                           back_url=back_url), status


def render(page, **context):
    """Render a quality page with the shared labels and today's date."""
    return render_template(page, labels=LABELS, on=today(), **context)
