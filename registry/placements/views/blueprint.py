"""The placements blueprint; its routes join it from the modules beside this one."""

from flask import Blueprint

bp = Blueprint("placements", __name__, url_prefix="/placements")
