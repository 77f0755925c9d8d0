"""Statistics pages: the catalogue, one report with filters, chart and table, its export."""

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from registry.auth.fresh import fresh_login_required
from registry.core import audit
from registry.core.permissions import Permission, require
from registry.core.settings import current_settings
from registry.reports import exporter
from registry.reports.catalogue import REPORTS, build
from registry.reports.filters import FilterForm
from registry.reports.presentation import chart_of, disclosure_note, present

bp = Blueprint("reports", __name__, url_prefix="/statistik")


def threshold():
    """Return the small-number threshold k."""
    return current_settings().small_number_threshold


def _report_or_404(name):
    """Return the named report the user may read: unknown 404, not allowed 403."""
    report = REPORTS.get(name)
    if report is None:
        abort(404)
    if not current_user.can(report.permission):
        audit.record_denied(f"reports.{name}")
        abort(403)
    return report


def _presented(report, filters):
    """Return the report as the current user may see it (their municipality is the viewer)."""
    user = current_user._get_current_object()
    data = build(report, filters, user)
    if report.kind == "own":
        audit.record("view", entity="report", changes={"report": report.name})
    return present(report, data, threshold(), user.municipality_id)


@bp.get("/")
@require(Permission.STATS_VIEW)
def index():
    """List the reports the user may read."""
    reports = [r for r in REPORTS.values() if current_user.can(r.permission)]
    return render_template("reports/index.html", reports=reports, threshold=threshold(),
                           note=disclosure_note(threshold()))


@bp.get("/<name>")
@require(Permission.STATS_VIEW)
def show(name):
    """Show one report for the filters in the query string."""
    report = _report_or_404(name)
    form = FilterForm(request.args)
    if not form.validate():
        return render_template("reports/report.html", report=report, form=form,
                               presented=None, chart=None, filters=None,
                               note=disclosure_note(threshold())), 422
    filters = form.filters()
    presented = _presented(report, filters)
    return render_template("reports/report.html", report=report, form=form, filters=filters,
                           presented=presented, chart=chart_of(report, presented),
                           threshold=threshold(), note=disclosure_note(threshold()))


@bp.get("/<name>/export")
@require(Permission.STATS_VIEW)
@fresh_login_required
def export(name):
    """Download the report as xlsx or csv: the page's period, filters and disclosure control."""
    report = _report_or_404(name)
    form = FilterForm(request.args)
    fmt = request.args.get("format", "xlsx")
    if fmt not in exporter.FORMATS or not form.validate():
        abort(400)
    filters = form.filters()
    return exporter.send(report, _presented(report, filters), filters, fmt)
