"""The agreements blueprint and what every agreements page template may use."""

from flask import Blueprint

from registry.agreements.models import CONTRACT_TERMS, FORM_LABELS, OPTION_LABELS
from registry.agreements.permissions import can_edit_agreement, can_edit_prices
from registry.agreements.status import STATUS_LABELS
from registry.providers.models import DOCUMENT_KIND_LABELS, UNIT_LABELS

bp = Blueprint("agreements", __name__, url_prefix="/agreements")


@bp.context_processor
def _helpers():
    return {"can_edit_agreement": can_edit_agreement, "can_edit_prices": can_edit_prices,
            "form_labels": FORM_LABELS, "status_labels": STATUS_LABELS,
            "option_labels": OPTION_LABELS, "term_labels": CONTRACT_TERMS,
            "unit_labels": UNIT_LABELS, "document_kind_labels": DOCUMENT_KIND_LABELS}
