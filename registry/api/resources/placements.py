"""/placements: the user's municipality's placements (case data: scoped and audited)."""

from registry.api.blueprint import bp
from registry.api.forms import run, validated_form
from registry.api.guard import api_user
from registry.api.listing import forbid_unless, merged, owned, paged, sorted_by
from registry.api.schemas.common import MAX_ID, page_schema, patch
from registry.api.schemas.placements import (
    MONEY_FIELDS,
    PlacementInSchema,
    PlacementPatchSchema,
    PlacementQuery,
    PlacementSchema,
)
from registry.core import audit
from registry.core.dates import today
from registry.core.permissions import Permission, require
from registry.core.roundtrip import form_values
from registry.placements import forms, permissions, queries, services
from registry.placements.models import Placement

TAGS = ["placements"]
ONE = f"/placements/<int(max={MAX_ID}):placement_id>"
INTEGERS = ("goal_progress", "agreement_id")
RENAMES = {"daily_rate": "daily_rate_ore"}  # the service names the page's money field


def run_service(action):
    """Run a placement service; its refusal is a 422 on the API's field name."""
    return run(action, RENAMES)


def _shown(placement):
    """Return the placement, or only its money fields to a user without case access."""
    if api_user().can(Permission.PLACEMENTS_VIEW):
        return placement
    return {name: getattr(placement, name) for name in MONEY_FIELDS}


@bp.route("/placements", methods=["GET"], tags=TAGS)
@require(Permission.PLACEMENT_MONEY_VIEW)
@bp.arguments(PlacementQuery, location="query")
@bp.response(200, page_schema(PlacementSchema))
def list_placements(args):
    """List the municipality's placements (finance: money fields only); audited like the page."""
    query = queries.placement_query(today(), state=args["state"], q=args["q"]).order_by(None)
    page = paged(sorted_by(query, Placement, args["sort"]), args)
    page["items"] = [_shown(placement) for placement in page["items"]]
    audit.record("view", entity="placements")
    return page


@bp.route(ONE, methods=["GET"], tags=TAGS)
@require(Permission.PLACEMENT_MONEY_VIEW)
@bp.response(200, PlacementSchema)
def get_placement(placement_id):
    """Read one placement of the municipality (finance: money fields only; foreign: 404)."""
    return _shown(owned(Placement, placement_id))


@bp.route("/placements", methods=["POST"], tags=TAGS)
@require(Permission.PLACEMENTS_EDIT)
@bp.arguments(PlacementInSchema)
@bp.response(201, PlacementSchema)
def create_placement(payload):
    """Register a placement; the daily rate comes from the agreement's price list."""
    form = validated_form(forms.PlacementForm, payload)
    values = form_values(form, INTEGERS)
    return run_service(lambda: services.create_placement(api_user(), values, today()))


@bp.route(ONE, methods=["PATCH"], tags=TAGS)
@require(Permission.PLACEMENTS_EDIT)
@bp.arguments(patch(PlacementPatchSchema))
@bp.response(200, PlacementSchema)
def update_placement(payload, placement_id):
    """Change a placement's case details; a stale `version` answers 409."""
    placement = owned(Placement, placement_id, audit_view=False)
    forbid_unless(permissions.can_edit(api_user(), placement))
    current = {name: value for name, value in PlacementSchema().dump(placement).items()
               if name in PlacementPatchSchema._declared_fields}
    form = validated_form(forms.PlacementEditForm, merged(current, payload))
    values = form_values(form, INTEGERS)
    run_service(lambda: services.update_placement(
        placement, values, payload["version"], today()))
    return placement
