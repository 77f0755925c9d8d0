"""Agreement and price-list item schemas."""

from marshmallow import fields

from registry.agreements.models import AgreementForm
from registry.api.schemas.common import (
    ListQuery,
    SwedishSchema,
    day,
    ident,
    one_of,
    ore,
    sort_field,
    text,
    version_field,
)


class AgreementSchema(SwedishSchema):
    id = fields.Integer()
    reference = fields.String()
    title = fields.String()
    form = fields.String()
    lead_municipality_id = fields.Integer()
    participant_ids = fields.Function(lambda a: sorted(m.id for m in a.participants),
                                      metadata={"type": "array", "items": {"type": "integer"}})
    start_date = fields.Date()
    end_date = fields.Date()
    ceiling_ore = fields.Integer(allow_none=True)
    description = fields.String()
    version = fields.Integer()


class AgreementInSchema(SwedishSchema):
    """An agreement as the registration page takes it; the user's municipality is a party."""

    reference = text(60, required=True, metadata={"description": "Diarienummer"})
    title = text(200, required=True)
    form = one_of([f.value for f in AgreementForm], required=True)
    lead_municipality_id = ident(required=True)
    participant_ids = fields.List(ident(), load_default=list)
    start_date = day(required=True)
    end_date = day(required=True)
    ceiling_ore = ore(allow_none=True)
    description = text(4000, load_default="")


class AgreementPatchSchema(AgreementInSchema):
    version = version_field()


class AgreementQuery(ListQuery):
    q = text(100, load_default="", metadata={"description": "Titel eller diarienummer"})
    form = one_of([f.value for f in AgreementForm], load_default="")
    municipality_id = ident(strict=False, load_default=None,
                            metadata={"description": "Part i avtalet"})
    sort = sort_field(("id", "reference", "start_date", "end_date"), "-start_date")


class PriceItemSchema(SwedishSchema):
    id = fields.Integer()
    agreement_id = fields.Integer()
    provider_id = fields.Integer()
    service_type_id = fields.Integer()
    addon = fields.String()
    valid_from = fields.Date()
    valid_to = fields.Date(allow_none=True)
    price_ore = fields.Integer()
    version = fields.Integer()


class PriceItemInSchema(SwedishSchema):
    """A new price; an item's periods never overlap and history is never rewritten."""

    agreement_id = ident(required=True)
    provider_id = ident(required=True)
    service_type_id = ident(required=True)
    addon = text(80, load_default="", metadata={"description": "Tom för grundpriset"})
    valid_from = day(required=True)
    valid_to = day(allow_none=True)
    price_ore = ore(required=True)
    close_current = fields.Boolean(load_default=False, metadata={
        "description": "Avsluta det pris som gäller tills vidare dagen före"})


class PriceItemQuery(ListQuery):
    agreement_id = ident(strict=False, load_default=None)
    provider_id = ident(strict=False, load_default=None)
    service_type_id = ident(strict=False, load_default=None)
    sort = sort_field(("id", "valid_from", "price_ore"), "-valid_from")
