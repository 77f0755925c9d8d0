"""Placement, monthly report, follow-up and deviation schemas."""

from marshmallow import fields, post_dump, validate

from registry.api.schemas.addons import AddonCostSchema
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
from registry.placements import choices as c
from registry.placements.queries import PlacementState


def _values(enum):
    return [member.value for member in enum]


class PlacementSchema(SwedishSchema):
    id = fields.Integer()
    municipality_id = fields.Integer()
    case_reference = fields.String()
    case_officer_id = fields.Integer(allow_none=True)
    support_category = fields.String()
    age_band = fields.String()
    service_type_id = fields.Integer()
    provider_id = fields.Integer()
    agreement_id = fields.Integer(allow_none=True)
    outside_agreement_reason = fields.String()
    price_item_id = fields.Integer(allow_none=True)
    rate_ore = fields.Integer(metadata={"description": "Priset vid start i öre per rate_unit"})
    rate_unit = fields.String(metadata={"enum": ["day", "hour", "programme", "month"]})
    daily_rate_ore = fields.Integer(allow_none=True, metadata={
        "description": "Dygnspriset vid start; bara för placeringar med pris per dygn"})
    planned_hours_per_month = fields.Integer(allow_none=True)
    start_date = fields.Date()
    planned_end = fields.Date()
    end_date = fields.Date(allow_none=True)
    end_reason = fields.String(allow_none=True)
    initial_period_end = fields.Date()
    care_plan_on = fields.Date(allow_none=True)
    implementation_plan_received_on = fields.Date(allow_none=True)
    police_definition_on = fields.Date(allow_none=True)
    motivated_on = fields.Date(allow_none=True)
    protection_need_on = fields.Date(allow_none=True)
    consent_on = fields.Date(allow_none=True)
    conditions_agreement_on = fields.Date(allow_none=True)
    version = fields.Integer()

    @post_dump
    def _daily_rate_only_per_day(self, data, **_):
        if data.get("rate_unit", "day") != "day" and "daily_rate_ore" in data:
            data["daily_rate_ore"] = None
        return data


# What finance reads of a placement (DESIGN §7): dates, parties, prices; no treatment data.
MONEY_FIELDS = ("id", "municipality_id", "case_reference", "service_type_id", "provider_id",
                "agreement_id", "price_item_id", "rate_ore", "rate_unit", "daily_rate_ore",
                "planned_hours_per_month", "start_date", "initial_period_end", "planned_end",
                "end_date", "version")


class _CaseIn(SwedishSchema):
    case_reference = text(40, required=True,
                          metadata={"description": "Kommunens ärendenummer; aldrig personnummer"})
    support_category = one_of(_values(c.SupportCategory), required=True)
    age_band = one_of(_values(c.AgeBand), required=True)
    initial_period_end = day(allow_none=True)
    planned_hours_per_month = fields.Integer(allow_none=True, strict=True, validate=validate.Range(
        0, 744, error="Ange 0–744."), metadata={"description": "Timmar per månad (timpris)"})
    care_plan_on = day(allow_none=True)
    implementation_plan_received_on = day(allow_none=True)
    police_definition_on = day(allow_none=True)
    motivated_on = day(allow_none=True)
    protection_need_on = day(allow_none=True)
    consent_on = day(allow_none=True)
    conditions_agreement_on = day(allow_none=True)


class PlacementInSchema(_CaseIn):
    """Register a placement; the daily rate comes from the agreement's price list."""

    service_type_id = ident(required=True)
    provider_id = ident(required=True)
    agreement_id = ident(allow_none=True, load_default=None)
    outside_agreement_reason = text(4000, allow_none=True)
    daily_rate_ore = ore(allow_none=True, metadata={
        "description": "Bara utanför avtal; annars från prislistan"})
    start_date = day(required=True)
    standing_confirmed = fields.Boolean(load_default=False)
    standing_reason = text(4000, allow_none=True)


class PlacementPatchSchema(_CaseIn):
    """Change the case details of a placement (not provider, agreement, start or rate)."""

    case_officer_id = ident()
    version = version_field()


class MonthCostSchema(SwedishSchema):
    month = fields.String(metadata={"description": "YYYY-MM"})
    days = fields.Integer(metadata={"description": "Vårddygn i månaden"})
    quantity = fields.Integer(metadata={"description": "Dygn, timmar eller program"})
    cost_ore = fields.Integer(metadata={"description": "Kostnad till och med i dag"})
    forecast_ore = fields.Integer(metadata={"description": "Prognos efter i dag"})


class RateChangeOutSchema(SwedishSchema):
    valid_from = fields.Date()
    rate_ore = fields.Integer()


class PlacementCostsSchema(SwedishSchema):
    """A placement's cost by its unit (DESIGN §2a), as the finance page shows it."""

    rate_ore = fields.Integer()
    rate_unit = fields.String(metadata={"enum": ["day", "hour", "programme", "month"]})
    rate_label = fields.String(metadata={"description": "Till exempel 4 300 kr/dygn"})
    planned_hours_per_month = fields.Integer(allow_none=True)
    rate_changes = fields.List(fields.Nested(RateChangeOutSchema))
    extensions = fields.List(fields.Date(), metadata={"description": "Nya slutdatum"})
    as_of = fields.Date()
    to_date_ore = fields.Integer()
    forecast_ore = fields.Integer(metadata={"description": "Återstående till planerat slut"})
    total_ore = fields.Integer()
    months = fields.List(fields.Nested(MonthCostSchema))
    addons = fields.List(fields.Nested(AddonCostSchema))


class PlacementQuery(ListQuery):
    state = one_of(_values(PlacementState), load_default="")
    q = text(40, load_default="", metadata={"description": "Del av ärendereferensen"})
    sort = sort_field(("id", "start_date", "planned_end", "case_reference"), "-start_date")


class ReportSchema(SwedishSchema):
    id = fields.Integer()
    placement_id = fields.Integer()
    month = fields.Date()
    source = fields.String()
    received_on = fields.Date(allow_none=True)
    days_in_care = fields.Integer(allow_none=True)
    hours = fields.Integer(allow_none=True)
    participation = fields.String(allow_none=True)
    goal_progress = fields.Integer(allow_none=True)
    deviations_flagged = fields.Boolean()
    report_text = fields.String()
    follow_up_note = fields.String()
    decision = fields.String(allow_none=True)
    version = fields.Integer()


class _ReportContentIn(SwedishSchema):
    received_on = day(required=True)
    days_in_care = fields.Integer(allow_none=True, strict=True)
    hours = fields.Integer(allow_none=True, strict=True, validate=validate.Range(
        0, 744, error="Ange 0–744."), metadata={"description": "Timmar under månaden (timpris)"})
    participation = one_of(_values(c.Participation), allow_none=True)
    goal_progress = fields.Integer(allow_none=True, strict=True,
                                   validate=validate.Range(0, 3, error="Ange 0–3."))
    deviations_flagged = fields.Boolean(load_default=False)
    report_text = text(4000, allow_none=True)
    follow_up_note = text(4000, allow_none=True)
    decision = one_of(_values(c.ReportDecision), allow_none=True)


class ReportInSchema(_ReportContentIn):
    month = day(required=True, metadata={"description": "Månadens första dag"})
    source = one_of(_values(c.ReportSource), required=True)


class ReportPatchSchema(_ReportContentIn):
    version = version_field()


class FollowUpSchema(SwedishSchema):
    id = fields.Integer()
    placement_id = fields.Integer()
    held_on = fields.Date()
    participants = fields.String()
    outcome = fields.String()
    next_due = fields.Date(allow_none=True)
    version = fields.Integer()


class FollowUpInSchema(SwedishSchema):
    held_on = day(required=True)
    participants = text(200, required=True, metadata={"description": "Roller, inte namn"})
    outcome = text(4000, required=True)
    next_due = day(allow_none=True)


class FollowUpPatchSchema(FollowUpInSchema):
    version = version_field()


class DeviationSchema(SwedishSchema):
    id = fields.Integer()
    placement_id = fields.Integer()
    occurred_on = fields.Date()
    kind = fields.String()
    reported_by = fields.String()
    description = fields.String()
    meeting_on = fields.Date(allow_none=True)
    decision = fields.String(allow_none=True)
    decided_on = fields.Date(allow_none=True)
    version = fields.Integer()


class DeviationInSchema(SwedishSchema):
    occurred_on = day(required=True)
    kind = one_of(_values(c.DeviationKind), required=True)
    reported_by = one_of(_values(c.Reporter), required=True)
    description = text(4000, allow_none=True)
    meeting_on = day(allow_none=True)
    decision = one_of(_values(c.DeviationDecision), allow_none=True)
    decided_on = day(allow_none=True)
    end_date = day(allow_none=True, load_only=True,
                   metadata={"description": "Slutdatum när beslutet är att avsluta"})


class DeviationPatchSchema(DeviationInSchema):
    version = version_field()


class ChildQuery(ListQuery):
    sort = sort_field(("id",), "id")
