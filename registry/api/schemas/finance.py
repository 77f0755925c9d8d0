"""Reimbursement claim schemas."""

from marshmallow import fields

from registry.api.schemas.common import (
    ListQuery,
    SwedishSchema,
    day,
    ident,
    one_of,
    ore,
    sort_field,
    version_field,
)
from registry.finance.models import ClaimStatus


class ClaimSchema(SwedishSchema):
    id = fields.Integer()
    placement_id = fields.Integer()
    municipality_id = fields.Integer()
    period_start = fields.Date()
    period_end = fields.Date()
    amount_ore = fields.Integer()
    status = fields.String()
    submitted_on = fields.Date(allow_none=True)
    decided_on = fields.Date(allow_none=True)
    approved_ore = fields.Integer(allow_none=True)
    paid_on = fields.Date(allow_none=True)
    paid_ore = fields.Integer(allow_none=True)
    police_reference = fields.String(allow_none=True, metadata={
        "description": "The police's reference number (diarienummer), once recorded."})
    version = fields.Integer()


class _ClaimValues(SwedishSchema):
    period_start = day(required=True)
    period_end = day(required=True)
    amount_ore = ore(required=True)


class ClaimInSchema(_ClaimValues):
    """Prepare a draft claim for eligible care days no other claim covers."""

    placement_id = ident(required=True)


class ClaimPatchSchema(_ClaimValues):
    """Correct a draft's period and amount."""

    version = version_field()


class ClaimQuery(ListQuery):
    status = one_of([s.value for s in ClaimStatus], load_default="")
    placement_id = ident(strict=False, load_default=None)
    sort = sort_field(("id", "period_start", "amount_ore", "status"), "-period_start")
