"""/providers: the shared provider registry."""

from registry.api.blueprint import bp
from registry.api.forms import run, validated_form
from registry.api.listing import merged, one_or_404, paged, sorted_by
from registry.api.schemas.common import MAX_ID, page_schema, patch
from registry.api.schemas.providers import (
    ProviderInSchema,
    ProviderPatchSchema,
    ProviderQuery,
    ProviderSchema,
)
from registry.core.dates import today
from registry.core.permissions import Permission, require
from registry.providers import queries, services
from registry.providers.forms import ProviderForm
from registry.providers.models import Provider

TAGS = ["providers"]
ONE = f"/providers/<int(max={MAX_ID}):provider_id>"
RENAMES = {"service_type_ids": "services"}
REFUSAL_RENAMES = {form_name: api for api, form_name in RENAMES.items()}


@bp.route("/providers", methods=["GET"], tags=TAGS)
@require(Permission.PROVIDERS_VIEW)
@bp.arguments(ProviderQuery, location="query")
@bp.response(200, page_schema(ProviderSchema))
def list_providers(args):
    """List the shared provider registry, filtered and sorted."""
    query = queries.provider_query(today(), q=args["q"], status=args["status"],
                                   service_type_id=args["service_type_id"],
                                   target_group=args["target_group"]).order_by(None)
    return paged(sorted_by(query, Provider, args["sort"]), args)


@bp.route(ONE, methods=["GET"], tags=TAGS)
@require(Permission.PROVIDERS_VIEW)
@bp.response(200, ProviderSchema)
def get_provider(provider_id):
    """Read one provider."""
    return one_or_404(Provider, provider_id)


@bp.route("/providers", methods=["POST"], tags=TAGS)
@require(Permission.PROVIDERS_EDIT)
@bp.arguments(ProviderInSchema)
@bp.response(201, ProviderSchema)
def create_provider(payload):
    """Register a provider (the same checks as the registration page)."""
    form = validated_form(ProviderForm, payload, ProviderForm.fill_choices, RENAMES)
    return run(lambda: services.create_provider(form.values(), form.services.data),
               REFUSAL_RENAMES)


@bp.route(ONE, methods=["PATCH"], tags=TAGS)
@require(Permission.PROVIDERS_EDIT)
@bp.arguments(patch(ProviderPatchSchema))
@bp.response(200, ProviderSchema)
def update_provider(payload, provider_id):
    """Change a provider's details; a stale `version` answers 409."""
    provider = one_or_404(Provider, provider_id)
    current = {name: value for name, value in ProviderSchema().dump(provider).items()
               if name in ProviderPatchSchema._declared_fields}
    form = validated_form(ProviderForm, merged(current, payload), ProviderForm.fill_choices,
                          RENAMES)
    run(lambda: services.update_provider(provider, form.values(), form.services.data,
                                         payload["version"]), REFUSAL_RENAMES)
    return provider
