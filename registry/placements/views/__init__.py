"""Placements pages: lists, one audited case file, and the case officer's forms."""

# Importing the route modules attaches their routes to bp (views/blueprint.py).
from registry.placements.views import follow_up, lists, new_prices, placement  # noqa: F401
from registry.placements.views.blueprint import bp

__all__ = ["bp"]
