"""Quality pages: checklist templates, assessments, comparison and outcome evidence."""

from flask import Blueprint

bp = Blueprint("quality", __name__, url_prefix="/quality")

from registry.quality.views import assessments, compare, templates  # noqa: E402, F401
