"""An agreement's price list: add a price, end one, import a file, export to Excel."""

from flask import render_template, request
from flask_login import current_user

from registry.agreements import queries
from registry.agreements.forms import PriceEndForm, PriceImportForm, PriceItemForm
from registry.agreements.models import PriceListItem
from registry.agreements.price_files import COLUMNS, price_list_xlsx
from registry.agreements.price_import import import_prices
from registry.agreements.prices import PriceDraft, add_price, end_price
from registry.agreements.views.blueprint import bp
from registry.agreements.views.common import detail_url, editable_or_403, to_detail
from registry.auth.fresh import fresh_login_required
from registry.core import audit
from registry.core.dates import today
from registry.core.exports import XLSX_MIME, download
from registry.core.money import kronor
from registry.core.permissions import Permission, require
from registry.core.roundtrip import form_status, round_trip
from registry.providers.models import ServiceUnit


@bp.route("/<int:agreement_id>/prices/new", methods=["GET", "POST"])
@require(Permission.AGREEMENTS_VIEW, Permission.PRICES_EDIT)
def add_price_item(agreement_id):
    """Add a price for a provider and service for a validity period."""
    agreement = editable_or_403(agreement_id, prices=True)
    form = PriceItemForm()
    form.provider_id.choices = [(row.provider_id, row.provider.legal_name)
                                for row in agreement.providers]
    form.service_type_id.choices = [(s.id, s.name) for s in queries.service_types()]

    def action():
        draft = PriceDraft(form.provider_id.data, form.service_type_id.data,
                           (form.addon.data or "").strip(), form.valid_from.data,
                           form.valid_to.data, form.price.ore)
        return add_price(agreement, draft, current_user, form.close_current.data)
    return round_trip(form, action, detail_url(agreement), lambda: render_template(
        "agreements/price_form.html", agreement=agreement, form=form), "Priset är sparat.")


@bp.route("/<int:agreement_id>/prices/<int:item_id>/end", methods=["GET", "POST"])
@require(Permission.AGREEMENTS_VIEW, Permission.PRICES_EDIT)
def end_price_item(agreement_id, item_id):
    """End a price earlier than planned (from today on; history is never rewritten)."""
    agreement = editable_or_403(agreement_id, prices=True)
    item = queries.part_or_404(PriceListItem, agreement, item_id)
    form = PriceEndForm(version=item.version, valid_to=today())
    return round_trip(
        form, lambda: end_price(item, form.valid_to.data, form.version.data),
        detail_url(agreement), lambda: render_template(
            "agreements/price_end_form.html", agreement=agreement, form=form, item=item),
        "Priset är avslutat.")


@bp.route("/<int:agreement_id>/prices/import", methods=["GET", "POST"])
@require(Permission.AGREEMENTS_VIEW, Permission.PRICES_EDIT)
def import_price_list(agreement_id):
    """Import prices from .xlsx or CSV: all rows are checked, and saved only if all pass."""
    agreement = editable_or_403(agreement_id, prices=True)
    form = PriceImportForm()
    result = None
    if form.validate_on_submit():
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            form.add_error("file", "Välj en fil att importera.")
        else:
            result = import_prices(agreement, upload.read(), current_user)
            if result.ok:
                return to_detail(agreement, f"{len(result.items)} priser är importerade.")
    return render_template("agreements/price_import.html", agreement=agreement, form=form,
                           result=result, columns=COLUMNS), form_status()


@bp.get("/<int:agreement_id>/prices.xlsx")
@require(Permission.AGREEMENTS_VIEW)
@fresh_login_required
def export_price_list(agreement_id):
    """Download the agreement's whole price list, history included, as Excel."""
    agreement = queries.get_agreement(agreement_id)
    on = today()
    rows = [_price_cells(item, on) for item in queries.price_items(agreement_id=agreement.id)]
    content = price_list_xlsx(rows, agreement.reference)
    audit.record("export", entity="agreement", entity_id=agreement.id)
    return download(content, f"prislista-{agreement.id}.xlsx", XLSX_MIME)


def _price_cells(item, on):
    state = "Gäller nu" if queries.is_current(item, on) else (
        "Ersatt" if item.superseded_at else ("Kommande" if item.valid_from > on else "Har upphört"))
    return [item.provider.legal_name, item.provider.org_number, item.service_type.name,
            ServiceUnit.label_of(item.service_type.unit), item.addon,
            item.valid_from, item.valid_to, kronor(item.price_ore), state]
