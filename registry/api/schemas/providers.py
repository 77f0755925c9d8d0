"""Provider schemas: what the API returns and what it takes."""

from marshmallow import fields

from registry.api.schemas.common import (
    ListQuery,
    OrgNumber,
    SwedishSchema,
    day,
    ident,
    one_of,
    sort_field,
    text,
    version_field,
)
from registry.providers.models import OrgForm, ProviderStatus, TargetGroup

SORT_KEYS = ("id", "legal_name", "org_number", "updated_at")


class ProviderSchema(SwedishSchema):
    id = fields.Integer()
    legal_name = fields.String()
    org_number = fields.String()
    org_form = fields.String()
    municipality_id = fields.Integer(allow_none=True)
    service_type_ids = fields.Function(lambda p: [s.id for s in p.services],
                                       metadata={"type": "array", "items": {"type": "integer"}})
    target_groups = fields.List(fields.String())
    regions = fields.String()
    capacity = fields.Integer(allow_none=True)
    description = fields.String()
    permit_number = fields.String(allow_none=True)
    permit_scope = fields.String(allow_none=True)
    permit_valid_until = fields.Date(allow_none=True)
    contact_email = fields.String(allow_none=True)
    contact_phone = fields.String(allow_none=True)
    website = fields.String(allow_none=True)
    status = fields.String()
    status_reason = fields.String(allow_none=True)
    status_changed_on = fields.Date(allow_none=True)
    suspended_until = fields.Date(allow_none=True)
    version = fields.Integer()


class ProviderInSchema(SwedishSchema):
    """A provider as the registration page takes it (the same checks and messages)."""

    legal_name = text(200, required=True)
    org_number = OrgNumber(required=True, metadata={"example": "556677-8899"})
    org_form = one_of([f.value for f in OrgForm], required=True)
    municipality_id = ident(allow_none=True)
    service_type_ids = fields.List(ident(), load_default=list)
    target_groups = fields.List(one_of([g.value for g in TargetGroup]), load_default=list)
    regions = text(300, load_default="")
    capacity = fields.Integer(allow_none=True, strict=True)
    description = text(4000, load_default="")
    permit_number = text(60, allow_none=True)
    permit_scope = text(300, allow_none=True)
    permit_valid_until = day(allow_none=True)
    contact_email = text(254, allow_none=True)
    contact_phone = text(40, allow_none=True)
    website = text(200, allow_none=True)


class ProviderPatchSchema(ProviderInSchema):
    """Change some of a provider's details; `version` is the one read."""

    version = version_field()


class ProviderQuery(ListQuery):
    q = text(100, load_default="", metadata={"description": "Namn eller organisationsnummer"})
    status = one_of([s.value for s in ProviderStatus], load_default="")
    service_type_id = ident(strict=False, load_default=None)
    target_group = one_of([g.value for g in TargetGroup], load_default="")
    sort = sort_field(SORT_KEYS, "legal_name")
