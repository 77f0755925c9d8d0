"""The finance overview and one placement's money, both audited."""

from flask import flash, redirect, request, url_for

from registry.core import audit
from registry.core.dates import today
from registry.core.permissions import Permission, require
from registry.core.scoping import get_owned_or_404
from registry.core.settings import money_settings
from registry.finance import queries
from registry.finance.forms import ReconcileForm
from registry.finance.services.invoices import reconcile_placement
from registry.finance.views._common import page_number, render
from registry.finance.views.blueprint import bp
from registry.placements.models import Placement


@bp.get("/")
@require(Permission.FINANCE_VIEW)
def index():
    """List the municipality's placements with cost to date, forecast and claimable amount."""
    on = today()
    q = request.args.get("q", "").strip()[:40]
    page = queries.placement_page(page_number(), q)
    rows = queries.money_rows(page.items, money_settings(), on)
    months = queries.year_months(on.year, on)
    html = render("finance/index.html", page=page, rows=rows, q=q, on=on,
                  year_actual=sum(m.actual_ore for m in months),
                  year_total=sum(m.total_ore for m in months))
    audit.record("view", entity="finance_placements")  # the list shows case references
    return html


@bp.get("/placements/<int:placement_id>")
@require(Permission.FINANCE_VIEW)
def placement(placement_id):
    """Show one placement's dates, days, rates, costs, invoices and claims (no case text)."""
    found = get_owned_or_404(Placement, placement_id)
    on = today()
    money = queries.placement_money(found, money_settings(), on)
    return render("finance/placement.html", placement=found, money=money, on=on,
                  reconcile_form=ReconcileForm())


@bp.post("/placements/<int:placement_id>/reconcile")
@require(Permission.FINANCE_EDIT)
def reconcile(placement_id):
    """Reconcile the placement's invoices again against the reports and rates of today."""
    found = get_owned_or_404(Placement, placement_id, audit_view=False)
    form = ReconcileForm()
    if form.validate_on_submit():
        checks = reconcile_placement(found, money_settings())
        flagged = sum(1 for check in checks.values() if not check.agrees)
        flash(f"Fakturorna är avstämda. {flagged} av {len(checks)} avviker.", "success")
    return redirect(url_for("finance.placement", placement_id=found.id))
