"""/claims: police reimbursement claims of the user's municipality (case data)."""

from registry.api.blueprint import bp
from registry.api.forms import run, validated_form
from registry.api.guard import api_user
from registry.api.listing import merged, owned, paged, sorted_by
from registry.api.schemas.common import MAX_ID, page_schema, patch
from registry.api.schemas.finance import (
    ClaimInSchema,
    ClaimPatchSchema,
    ClaimQuery,
    ClaimSchema,
)
from registry.core import audit
from registry.core.dates import today
from registry.core.permissions import Permission, require
from registry.core.scoping import scoped
from registry.core.settings import money_settings
from registry.finance.forms import ClaimForm
from registry.finance.models import ReimbursementClaim
from registry.finance.services import claims as service
from registry.placements.models import Placement

TAGS = ["claims"]
ONE = f"/claims/<int(max={MAX_ID}):claim_id>"
RENAMES = {"amount": "amount_ore"}
FIELDS = ("period_start", "period_end", "amount_ore")


@bp.route("/claims", methods=["GET"], tags=TAGS)
@require(Permission.FINANCE_VIEW)
@bp.arguments(ClaimQuery, location="query")
@bp.response(200, page_schema(ClaimSchema))
def list_claims(args):
    """List the municipality's claims; the read is audited."""
    query = scoped(ReimbursementClaim)
    if args["status"]:
        query = query.where(ReimbursementClaim.status == args["status"])
    if args["placement_id"]:
        query = query.where(ReimbursementClaim.placement_id == args["placement_id"])
    page = paged(sorted_by(query, ReimbursementClaim, args["sort"]), args)
    audit.record("view", entity="reimbursement_claims")
    return page


@bp.route(ONE, methods=["GET"], tags=TAGS)
@require(Permission.FINANCE_VIEW)
@bp.response(200, ClaimSchema)
def get_claim(claim_id):
    """Read one claim of the municipality."""
    return owned(ReimbursementClaim, claim_id)


@bp.route("/claims", methods=["POST"], tags=TAGS)
@require(Permission.FINANCE_EDIT)
@bp.arguments(ClaimInSchema)
@bp.response(201, ClaimSchema)
def create_claim(payload):
    """Prepare a draft claim (the same rules as the claim page)."""
    placement = owned(Placement, payload["placement_id"], audit_view=False)
    form = validated_form(ClaimForm, {name: payload[name] for name in FIELDS})
    return run(lambda: service.create_claim(placement, form.values(), api_user(),
                                            money_settings(), today()), RENAMES)


@bp.route(ONE, methods=["PATCH"], tags=TAGS)
@require(Permission.FINANCE_EDIT)
@bp.arguments(patch(ClaimPatchSchema))
@bp.response(200, ClaimSchema)
def update_claim(payload, claim_id):
    """Correct a draft's period and amount; a stale `version` answers 409."""
    claim = owned(ReimbursementClaim, claim_id, audit_view=False)
    current = {name: value for name, value in ClaimSchema().dump(claim).items()
               if name in FIELDS}
    form = validated_form(ClaimForm, merged(current, payload))
    run(lambda: service.update_claim(claim, form.values(), payload["version"],
                                     money_settings(), today()), RENAMES)
    return claim


