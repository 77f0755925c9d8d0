"""A placement's add-ons (tolk, förstärkt bemanning): each priced by its own unit."""

from marshmallow import fields, validate

from registry.api.schemas.common import SwedishSchema, day, ident, one_of, ore, text

UNITS = ["day", "hour", "programme", "month"]


class AddonSchema(SwedishSchema):
    id = fields.Integer()
    placement_id = fields.Integer()
    price_item_id = fields.Integer(allow_none=True)
    name = fields.String()
    unit = fields.String(metadata={"enum": UNITS})
    price_ore = fields.Integer()
    label = fields.String(metadata={"description": "Till exempel Tolk 700 kr/timme"})
    valid_from = fields.Date()
    valid_to = fields.Date(allow_none=True)
    hours_per_month = fields.Integer(allow_none=True)
    version = fields.Integer()


class AddonInSchema(SwedishSchema):
    """Attach an add-on: an add-on item of the agreement, or (outside agreement) a free one."""

    price_item_id = ident(load_default=None, allow_none=True)
    name = text(80, load_default="")
    unit = one_of(UNITS, load_default=None, allow_none=True)
    price_ore = ore(load_default=None, allow_none=True)
    valid_from = day(required=True)
    valid_to = day(load_default=None, allow_none=True)
    hours_per_month = fields.Integer(strict=True, load_default=None, allow_none=True,
                                     validate=validate.Range(min=1, max=744,
                                                             error="Ange 1–744 timmar."))


class AddonCostSchema(SwedishSchema):
    id = fields.Integer()
    name = fields.String()
    unit = fields.String(metadata={"enum": UNITS})
    price_ore = fields.Integer()
    label = fields.String()
    valid_from = fields.Date()
    valid_to = fields.Date(allow_none=True)
    to_date_ore = fields.Integer()
    forecast_ore = fields.Integer()
    months = fields.List(fields.Dict())
