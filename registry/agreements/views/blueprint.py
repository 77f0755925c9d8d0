"""The agreements blueprint and what every agreements page template may use."""

from flask import Blueprint

from registry.agreements.models import CONTRACT_TERMS, AgreementForm, OptionDecision
from registry.agreements.permissions import can_edit_agreement, can_edit_prices
from registry.agreements.status import AgreementStatus
from registry.providers.models import DocumentKind, ServiceUnit

bp = Blueprint("agreements", __name__, url_prefix="/agreements")


@bp.context_processor
def _helpers():
    return {"can_edit_agreement": can_edit_agreement, "can_edit_prices": can_edit_prices,
            "form_labels": AgreementForm, "status_labels": AgreementStatus,
            "option_labels": OptionDecision, "term_labels": CONTRACT_TERMS,
            "unit_labels": ServiceUnit, "document_kind_labels": DocumentKind}
