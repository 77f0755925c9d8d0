"""/agreements and /price-items: the shared agreement and price registry."""

from flask_login import current_user
from sqlalchemy import or_, select

from registry.agreements import queries
from registry.agreements.forms import AgreementForm, PriceItemForm
from registry.agreements.models import Agreement, PriceListItem
from registry.agreements.permissions import can_edit_agreement, can_edit_prices
from registry.agreements.prices import PriceDraft, add_price
from registry.agreements.services import create_agreement as create
from registry.agreements.services import update_agreement
from registry.api.blueprint import bp
from registry.api.errors import INVALID, ApiError
from registry.api.forms import run, validated_form
from registry.api.guard import api_user
from registry.api.listing import forbid_unless, merged, one_or_404, paged, sorted_by
from registry.api.schemas.agreements import (
    AgreementInSchema,
    AgreementPatchSchema,
    AgreementQuery,
    AgreementSchema,
    PriceItemInSchema,
    PriceItemQuery,
    PriceItemSchema,
)
from registry.api.schemas.common import MAX_ID, page_schema, patch
from registry.core.permissions import Permission, require
from registry.extensions import db

ONE = f"/agreements/<int(max={MAX_ID}):agreement_id>"


def _save(action):
    return run(action, {"ceiling": "ceiling_ore", "price": "price_ore"})


@bp.route("/agreements", methods=["GET"], tags=["agreements"])
@require(Permission.AGREEMENTS_VIEW)
@bp.arguments(AgreementQuery, location="query")
@bp.response(200, page_schema(AgreementSchema))
def list_agreements(args):
    """List the shared agreements, filtered and sorted."""
    query = queries.with_details(select(Agreement))
    if args["form"]:
        query = query.where(Agreement.form == args["form"])
    if args["municipality_id"]:
        query = query.where(queries.party_filter(args["municipality_id"]))
    if args["q"]:
        pattern = f"%{args['q'].strip()}%"
        query = query.where(or_(Agreement.title.ilike(pattern),
                                Agreement.reference.ilike(pattern)))
    return paged(sorted_by(query, Agreement, args["sort"]), args)


@bp.route(ONE, methods=["GET"], tags=["agreements"])
@require(Permission.AGREEMENTS_VIEW)
@bp.response(200, AgreementSchema)
def get_agreement(agreement_id):
    """Read one agreement."""
    return one_or_404(Agreement, agreement_id)


@bp.route("/agreements", methods=["POST"], tags=["agreements"])
@require(Permission.AGREEMENTS_EDIT)
@bp.arguments(AgreementInSchema)
@bp.response(201, AgreementSchema)
def create_agreement(payload):
    """Register an agreement in which the user's municipality is a party."""
    form = validated_form(AgreementForm, payload, AgreementForm.fill_choices)
    return _save(lambda: create(form.values(), api_user()))


@bp.route(ONE, methods=["PATCH"], tags=["agreements"])
@require(Permission.AGREEMENTS_EDIT)
@bp.arguments(patch(AgreementPatchSchema))
@bp.response(200, AgreementSchema)
def patch_agreement(payload, agreement_id):
    """Change an agreement; only purchasers of its parties may; stale `version` is 409."""
    agreement = one_or_404(Agreement, agreement_id)
    forbid_unless(can_edit_agreement(current_user, agreement))
    current = {name: value for name, value in AgreementSchema().dump(agreement).items()
               if name in AgreementPatchSchema._declared_fields}
    form = validated_form(AgreementForm, merged(current, payload), AgreementForm.fill_choices)
    _save(lambda: update_agreement(agreement, form.values(), payload["version"],
                                   api_user()))
    return agreement


# Price-list items --------------------------------------------------------------------------

@bp.route("/price-items", methods=["GET"], tags=["price-items"])
@require(Permission.AGREEMENTS_VIEW)
@bp.arguments(PriceItemQuery, location="query")
@bp.response(200, page_schema(PriceItemSchema))
def list_price_items(args):
    """List prices (history included), filtered by agreement, provider or service."""
    query = select(PriceListItem)
    for name in ("agreement_id", "provider_id", "service_type_id"):
        if args[name]:
            query = query.where(getattr(PriceListItem, name) == args[name])
    return paged(sorted_by(query, PriceListItem, args["sort"]), args)


@bp.route(f"/price-items/<int(max={MAX_ID}):item_id>", methods=["GET"], tags=["price-items"])
@require(Permission.AGREEMENTS_VIEW)
@bp.response(200, PriceItemSchema)
def get_price_item(item_id):
    """Read one price."""
    return one_or_404(PriceListItem, item_id)


def _price_choices(agreement):
    def prepare(form):
        form.provider_id.choices = [(row.provider_id, row.provider.legal_name)
                                    for row in agreement.providers]
        form.service_type_id.choices = [(s.id, s.name) for s in queries.service_types()]
    return prepare


@bp.route("/price-items", methods=["POST"], tags=["price-items"])
@require(Permission.AGREEMENTS_VIEW, Permission.PRICES_EDIT)
@bp.arguments(PriceItemInSchema)
@bp.response(201, PriceItemSchema)
def create_price_item(payload):
    """Add a price for a provider of the agreement and a service, for a period."""
    agreement = _agreement(payload["agreement_id"])
    forbid_unless(can_edit_prices(current_user, agreement))
    data = {name: value for name, value in payload.items() if name != "agreement_id"}
    form = validated_form(PriceItemForm, data, _price_choices(agreement))
    draft = PriceDraft(form.provider_id.data, form.service_type_id.data,
                       (form.addon.data or "").strip(), form.valid_from.data,
                       form.valid_to.data, form.price.ore)
    return _save(lambda: add_price(agreement, draft, api_user(),
                                   form.close_current.data))


def _agreement(agreement_id):
    """Return the agreement a new price names, or a 422 on agreement_id."""
    agreement = db.session.get(Agreement, agreement_id)
    if agreement is None:
        raise ApiError(422, INVALID, {"agreement_id": ["Avtalet finns inte."]})
    return agreement
