"""The finance blueprint; its routes join it from the modules beside this one."""

from flask import Blueprint

bp = Blueprint("finance", __name__, url_prefix="/finance")
