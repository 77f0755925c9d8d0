"""Placements pages: lists, one audited case file, and the case officer's forms."""

# Importing the route modules attaches their routes to bp (views/blueprint.py).
from registry.placements.views import (  # noqa: F401
    addons,
    follow_up,
    lists,
    new_prices,
    placement,
)
from registry.placements.views.blueprint import bp

__all__ = ["bp"]
