"""Public pages that need no login: the accessibility statement."""

from flask import Blueprint, render_template

bp = Blueprint("pages", __name__)


@bp.get("/tillganglighet")
def accessibility():
    """Show the accessibility statement (public)."""
    return render_template("pages/accessibility.html")
