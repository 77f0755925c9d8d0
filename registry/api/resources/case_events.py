"""/placements/{id}/reports, /follow-ups and /deviations: what happens in a placement."""

from registry.api.blueprint import bp
from registry.api.forms import validated_form
from registry.api.guard import api_user
from registry.api.listing import forbid_unless, merged, owned, paged, sorted_by
from registry.api.resources.placements import INTEGERS, run_service
from registry.api.schemas.common import MAX_ID, page_schema, patch
from registry.api.schemas.placements import (
    ChildQuery,
    DeviationInSchema,
    DeviationPatchSchema,
    DeviationSchema,
    FollowUpInSchema,
    FollowUpPatchSchema,
    FollowUpSchema,
    ReportInSchema,
    ReportPatchSchema,
    ReportSchema,
)
from registry.core.dates import today
from registry.core.permissions import Permission, require
from registry.core.roundtrip import form_values
from registry.core.scoping import not_found, scoped
from registry.placements import forms, permissions, services
from registry.placements.models import Deviation, FollowUp, MonthlyReport, Placement

PLACEMENT = f"/placements/<int(max={MAX_ID}):placement_id>"


def _children(model, placement_id, args):
    """Return one page of a placement's rows; the read of the placement is audited."""
    placement = owned(Placement, placement_id)
    query = scoped(model).where(model.placement_id == placement.id)
    return paged(sorted_by(query, model, args["sort"]), args)


def _child(model, placement_id, child_id):
    """Load one row of the placement (both scoped); the view is audited."""
    placement = owned(Placement, placement_id, audit_view=False)
    row = owned(model, child_id)
    if row.placement_id != placement.id:
        not_found(child_id)
    return placement, row


def _current(schema, patch_schema, row):
    return {name: value for name, value in schema().dump(row).items()
            if name in patch_schema._declared_fields}


# Monthly reports ---------------------------------------------------------------------------

REPORTS = f"{PLACEMENT}/reports"
REPORT = f"{REPORTS}/<int(max={MAX_ID}):report_id>"


@bp.route(REPORTS, methods=["GET"], tags=["reports"])
@require(Permission.PLACEMENTS_VIEW)
@bp.arguments(ChildQuery, location="query")
@bp.response(200, page_schema(ReportSchema))
def list_reports(args, placement_id):
    """List a placement's monthly reports."""
    return _children(MonthlyReport, placement_id, args)


@bp.route(REPORT, methods=["GET"], tags=["reports"])
@require(Permission.PLACEMENTS_VIEW)
@bp.response(200, ReportSchema)
def get_report(placement_id, report_id):
    """Read one monthly report."""
    return _child(MonthlyReport, placement_id, report_id)[1]


@bp.route(REPORTS, methods=["POST"], tags=["reports"])
@require(Permission.PLACEMENTS_REPORT_CREATE)
@bp.arguments(ReportInSchema)
@bp.response(201, ReportSchema)
def create_report(payload, placement_id):
    """Register a month's report from the provider or the police."""
    placement = owned(Placement, placement_id, audit_view=False)
    forbid_unless(permissions.can_report(api_user(), placement))
    values = form_values(validated_form(forms.ReportForm, payload), INTEGERS)
    return run_service(lambda: services.add_report(
        api_user(), placement, payload["month"], payload["source"], values, today()))


@bp.route(REPORT, methods=["PATCH"], tags=["reports"])
@require(Permission.PLACEMENTS_REPORT_CREATE)
@bp.arguments(patch(ReportPatchSchema))
@bp.response(200, ReportSchema)
def update_report(payload, placement_id, report_id):
    """Change a report or record the case officer's follow-up of it."""
    placement, report = _child(MonthlyReport, placement_id, report_id)
    forbid_unless(permissions.can_report(api_user(), placement))
    data = merged(_current(ReportSchema, ReportPatchSchema, report), payload)
    values = form_values(validated_form(forms.ReportEditForm, data), INTEGERS)
    run_service(lambda: services.update_report(
        api_user(), report, values, payload["version"], today()))
    return report


# Follow-ups --------------------------------------------------------------------------------

FOLLOW_UPS = f"{PLACEMENT}/follow-ups"
FOLLOW_UP = f"{FOLLOW_UPS}/<int(max={MAX_ID}):follow_up_id>"


@bp.route(FOLLOW_UPS, methods=["GET"], tags=["follow-ups"])
@require(Permission.PLACEMENTS_VIEW)
@bp.arguments(ChildQuery, location="query")
@bp.response(200, page_schema(FollowUpSchema))
def list_follow_ups(args, placement_id):
    """List a placement's follow-ups."""
    return _children(FollowUp, placement_id, args)


@bp.route(FOLLOW_UP, methods=["GET"], tags=["follow-ups"])
@require(Permission.PLACEMENTS_VIEW)
@bp.response(200, FollowUpSchema)
def get_follow_up(placement_id, follow_up_id):
    """Read one follow-up."""
    return _child(FollowUp, placement_id, follow_up_id)[1]


@bp.route(FOLLOW_UPS, methods=["POST"], tags=["follow-ups"])
@require(Permission.PLACEMENTS_EDIT)
@bp.arguments(FollowUpInSchema)
@bp.response(201, FollowUpSchema)
def create_follow_up(payload, placement_id):
    """Record a follow-up with the client and the provider."""
    placement = owned(Placement, placement_id, audit_view=False)
    forbid_unless(permissions.can_edit(api_user(), placement))
    values = form_values(validated_form(forms.FollowUpForm, payload))
    return run_service(lambda: services.add_follow_up(
        api_user(), placement, values, today()))


@bp.route(FOLLOW_UP, methods=["PATCH"], tags=["follow-ups"])
@require(Permission.PLACEMENTS_EDIT)
@bp.arguments(patch(FollowUpPatchSchema))
@bp.response(200, FollowUpSchema)
def update_follow_up(payload, placement_id, follow_up_id):
    """Change a recorded follow-up."""
    placement, follow_up = _child(FollowUp, placement_id, follow_up_id)
    forbid_unless(permissions.can_edit(api_user(), placement))
    data = merged(_current(FollowUpSchema, FollowUpPatchSchema, follow_up), payload)
    values = form_values(validated_form(forms.FollowUpEditForm, data))
    run_service(lambda: services.update_follow_up(
        follow_up, values, payload["version"], today()))
    return follow_up


# Deviations --------------------------------------------------------------------------------

DEVIATIONS = f"{PLACEMENT}/deviations"
DEVIATION = f"{DEVIATIONS}/<int(max={MAX_ID}):deviation_id>"


@bp.route(DEVIATIONS, methods=["GET"], tags=["deviations"])
@require(Permission.PLACEMENTS_VIEW)
@bp.arguments(ChildQuery, location="query")
@bp.response(200, page_schema(DeviationSchema))
def list_deviations(args, placement_id):
    """List a placement's deviations."""
    return _children(Deviation, placement_id, args)


@bp.route(DEVIATION, methods=["GET"], tags=["deviations"])
@require(Permission.PLACEMENTS_VIEW)
@bp.response(200, DeviationSchema)
def get_deviation(placement_id, deviation_id):
    """Read one deviation."""
    return _child(Deviation, placement_id, deviation_id)[1]


@bp.route(DEVIATIONS, methods=["POST"], tags=["deviations"])
@require(Permission.PLACEMENTS_EDIT)
@bp.arguments(DeviationInSchema)
@bp.response(201, DeviationSchema)
def create_deviation(payload, placement_id):
    """Record a deviation, and the meeting and decision when they are known."""
    placement = owned(Placement, placement_id, audit_view=False)
    forbid_unless(permissions.can_edit(api_user(), placement))
    values = form_values(validated_form(forms.DeviationForm, payload))
    return run_service(lambda: services.add_deviation(
        api_user(), placement, values, today()))


@bp.route(DEVIATION, methods=["PATCH"], tags=["deviations"])
@require(Permission.PLACEMENTS_EDIT)
@bp.arguments(patch(DeviationPatchSchema))
@bp.response(200, DeviationSchema)
def update_deviation(payload, placement_id, deviation_id):
    """Record the meeting and the decision on a deviation; deciding to end ends it."""
    placement, deviation = _child(Deviation, placement_id, deviation_id)
    forbid_unless(permissions.can_edit(api_user(), placement))
    data = merged(_current(DeviationSchema, DeviationPatchSchema, deviation), payload)
    values = form_values(validated_form(forms.DeviationEditForm, data))
    run_service(lambda: services.update_deviation(
        api_user(), deviation, values, payload["version"], today()))
    return deviation

