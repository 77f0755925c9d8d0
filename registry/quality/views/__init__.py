"""Quality pages: checklist templates, assessments, comparison and outcome evidence."""

# Importing the route modules attaches their routes to bp (views/blueprint.py).
from registry.quality.views import assessments, compare, templates  # noqa: F401
from registry.quality.views.blueprint import bp

__all__ = ["bp"]
