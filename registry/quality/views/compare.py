"""Comparison over providers and time, one provider's quality history, the Excel export."""

from flask import abort, request
from flask_login import current_user

from registry.auth.fresh import fresh_login_required
from registry.core import audit
from registry.core.dates import today
from registry.core.permissions import Permission, require
from registry.core.settings import current_settings
from registry.extensions import db
from registry.providers.models import Provider
from registry.providers.queries import service_types
from registry.quality import comparison, queries
from registry.quality.chart import score_chart
from registry.quality.export import comparison_download
from registry.quality.services import current_bands
from registry.quality.services.assessments import score_of
from registry.quality.views.blueprint import bp
from registry.quality.views.common import render
from registry.reports.outcome_evidence import outcome_evidence

SMALL_CHART = {"width": 440, "height": 220}


def _threshold():
    return current_settings().small_number_threshold


def _choices():
    """Return (checklist versions that can be compared, the chosen one, the service filter)."""
    versions = queries.assessed_templates() or queries.current_templates()
    wanted = request.args.get("template", type=int)
    chosen = next((t for t in versions if t.id == wanted), versions[0] if versions else None)
    services = {s.id: s for s in service_types()}
    service_id = request.args.get("service", type=int)
    return versions, chosen, services, service_id if service_id in services else None


def _columns(template, service_id):
    on, bands, threshold = today(), current_bands(), _threshold()
    return comparison.matrix(
        template, service_id,
        outcomes_for=lambda ids: outcome_evidence(ids, on, threshold,
                                                  current_user.municipality_id),
        failed_for=lambda assessment: score_of(assessment, bands).failed_critical)


@bp.get("/compare")
@require(Permission.QUALITY_VIEW)
def compare():
    """Show providers × indicators for one checklist version, with scores over time."""
    versions, template, services, service_id = _choices()
    columns = _columns(template, service_id) if template else []
    bands = current_bands()
    charts = {c.provider.id: score_chart([h.point for h in c.history], bands, **SMALL_CHART)
              for c in columns if c.history}
    return render("quality/compare.html", versions=versions, template=template,
                  services=services, service_id=service_id, columns=columns, charts=charts,
                  threshold=_threshold())


@bp.get("/compare.xlsx")
@require(Permission.QUALITY_VIEW)
@fresh_login_required
def compare_export():
    """Download the comparison as an Excel file (audited: it carries outcome aggregates)."""
    _versions, template, _services, service_id = _choices()
    if template is None:
        abort(404)
    columns = _columns(template, service_id)
    audit.record("export", "assessments", None, {
        "template_id": {"after": template.id}, "service_type_id": {"after": service_id},
        "providers": {"after": len(columns)}})
    return comparison_download(template, columns, today())


@bp.get("/providers/<int:provider_id>")
@require(Permission.QUALITY_VIEW)
def provider(provider_id):
    """Show one provider's standing, score over time and outcome evidence."""
    found = db.get_or_404(Provider, provider_id)
    history = comparison.score_history([found.id]).get(found.id, ())
    return render("quality/provider.html", provider=found, history=history,
                  chart=score_chart([h.point for h in history], current_bands()) if history
                  else None,
                  standing=queries.latest_standing([found.id]).get(found.id),
                  assessments=queries.completed_assessments(provider_id=found.id),
                  outcome=outcome_evidence([found.id], today(), _threshold(),
                                           current_user.municipality_id)[found.id])
