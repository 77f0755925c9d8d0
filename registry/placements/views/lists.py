"""The municipality's placements, the case officer's own, and their export: all audited."""

from flask import abort, render_template, request
from flask_login import current_user

from registry.auth.fresh import fresh_login_required
from registry.core import audit
from registry.core.dates import today
from registry.core.exports import (
    DATE_FORMAT,
    KR_FORMAT,
    XLSX_MIME,
    csv_bytes,
    download,
    xlsx_bytes,
)
from registry.core.money import UNIT_LABELS, kronor
from registry.core.permissions import Permission, require
from registry.placements import due, queries
from registry.placements.views._common import LABELS
from registry.placements.views.blueprint import bp

EXPORT_HEADERS = ("Ärendereferens", "Stödkategori", "Åldersgrupp", "Insats", "Utförare",
                  "Avtal", "Start", "Första periodens slut", "Planerat slut", "Slutdatum",
                  "Avslutsorsak", "Pris vid start (kr)", "Handläggare", "Nästa att göra",
                  "Förfaller", "Antal försenade", "Prisenhet")
EXPORT_FORMATS = {"xlsx", "csv"}


def _filters(mine):
    """Read the list filters and sort from the query string (allow-listed values only)."""
    args = request.args
    state = args.get("state", "active")
    due_filter = args.get("due", "")
    return {
        "state": state if queries.PlacementState.has(state) else "",
        "officer_id": current_user.id if mine or args.get("mine") == "1" else None,
        "q": args.get("q", "").strip()[:40],
        "due_filter": due_filter if due_filter == "overdue" or due.DueKind.has(due_filter) else "",
        "sort": args.get("sort") if args.get("sort") in queries.SORTS else "due",
        "descending": args.get("order") == "desc",
    }


def _list(mine):
    """Render the placement list; the listing is audited as one view."""
    filters = _filters(mine)
    on = today()
    page = queries.list_rows(current_user.municipality, on,
                             request.args.get("page", 1, type=int), **filters)
    audit.record("view", entity="placements")
    return render_template("placements/index.html", page=page, filters=filters, on=on,
                           mine=mine, labels=LABELS, state_of=queries.placement_state,
                           sort_labels=queries.PlacementSort)


@bp.get("/")
@require(Permission.PLACEMENTS_VIEW)
def index():
    """List the own municipality's placements with what is due next for each."""
    return _list(mine=False)


@bp.get("/mina")
@require(Permission.PLACEMENTS_VIEW)
def mine():
    """List the placements the user is responsible for, soonest due first."""
    return _list(mine=True)


def _export_row(row):
    placement, next_item = row.placement, row.next
    return [
        placement.case_reference, LABELS["category"].label_of(placement.support_category, None),
        LABELS["age_band"].label_of(placement.age_band, None), placement.service_type.name,
        placement.provider.legal_name,
        placement.agreement.reference if placement.agreement else "Utanför avtal",
        placement.start_date, placement.initial_period_end, placement.planned_end,
        placement.end_date, LABELS["end_reason"].label_of(placement.end_reason, ""),
        kronor(placement.daily_rate_ore),
        placement.case_officer.display_name if placement.case_officer else "",
        next_item.label if next_item else "", next_item.due_on if next_item else None,
        len(row.overdue), UNIT_LABELS.get(placement.rate_unit, placement.rate_unit),
    ]


@bp.get("/export")
@require(Permission.PLACEMENTS_VIEW)
@fresh_login_required
def export():
    """Download the filtered list as Excel or CSV (no free text); the export is audited."""
    fmt = request.args.get("format", "xlsx")
    if fmt not in EXPORT_FORMATS:
        abort(404)
    filters = _filters(request.args.get("mine") == "1")
    on = today()
    rows = queries.due_rows(queries.placement_query(
        on, filters["state"], filters["officer_id"], filters["q"]),
        current_user.municipality, on)
    rows = [_export_row(row) for row in queries.filter_due(rows, filters["due_filter"])]
    audit.record("export", entity="placements", changes={"rows": len(rows), "format": fmt})
    if fmt == "csv":
        return download(csv_bytes(EXPORT_HEADERS, rows), f"placeringar-{on}.csv",
                        "text/csv; charset=utf-8")
    formats = {6: DATE_FORMAT, 7: DATE_FORMAT, 8: DATE_FORMAT, 9: DATE_FORMAT,
               11: KR_FORMAT, 14: DATE_FORMAT}
    return download(xlsx_bytes(EXPORT_HEADERS, rows, "Placeringar", formats),
                    f"placeringar-{on}.xlsx", XLSX_MIME)
