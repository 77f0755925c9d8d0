"""Placements pages: lists, one audited case file, and the case officer's forms."""

from flask import Blueprint

bp = Blueprint("placements", __name__, url_prefix="/placements")

from registry.placements.views import follow_up, lists, placement  # noqa: E402, F401
