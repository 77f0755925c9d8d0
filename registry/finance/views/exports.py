"""Excel downloads of costs, invoices and claims; each one audited as an export."""

from registry.auth.fresh import fresh_login_required
from registry.core import audit
from registry.core.dates import today
from registry.core.exports import XLSX_MIME, download
from registry.core.permissions import Permission, require
from registry.finance import exports
from registry.finance.views._common import year_arg
from registry.finance.views.blueprint import bp


def _send(entity, filename, built):
    content, rows = built
    audit.record("export", entity=entity, changes={"file": filename, "rows": rows})
    return download(content, filename, XLSX_MIME)


@bp.get("/export/costs.xlsx")
@require(Permission.FINANCE_VIEW)
@fresh_login_required
def export_costs():
    """Download the year's costs per placement and month (?year=)."""
    on = today()
    year = year_arg(on)
    return _send("placements", f"kostnader-{year}.xlsx", exports.costs_xlsx(year, on))


@bp.get("/export/invoices.xlsx")
@require(Permission.FINANCE_VIEW)
@fresh_login_required
def export_invoices():
    """Download the municipality's invoices with their reconciliation."""
    return _send("invoices", f"fakturor-{today().isoformat()}.xlsx", exports.invoices_xlsx())


@bp.get("/export/claims.xlsx")
@require(Permission.FINANCE_VIEW)
@fresh_login_required
def export_claims():
    """Download the municipality's reimbursement claims."""
    return _send("reimbursement_claims", f"atersokningar-{today().isoformat()}.xlsx",
                 exports.claims_xlsx())
