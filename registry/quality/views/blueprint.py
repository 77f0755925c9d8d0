"""The quality blueprint; its routes join it from the modules beside this one."""

from flask import Blueprint

bp = Blueprint("quality", __name__, url_prefix="/quality")
