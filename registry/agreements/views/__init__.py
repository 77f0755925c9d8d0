"""Agreements pages: the shared list, one agreement, its parts, price list and open data."""

# Importing the route modules attaches their routes to bp (views/blueprint.py).
from registry.agreements.views import agreement, opendata, parts, price_list  # noqa: F401
from registry.agreements.views.blueprint import bp

__all__ = ["bp"]
