"""Agreements pages: the shared list, one agreement, and the agreement form."""

from flask import render_template, request
from flask_login import current_user

from registry.agreements import models, queries
from registry.agreements.forms import AgreementForm
from registry.agreements.services import create_agreement, update_agreement
from registry.agreements.status import AgreementStatus
from registry.agreements.views.blueprint import bp
from registry.agreements.views.common import detail_url, editable_or_403
from registry.core.dates import today
from registry.core.money import format_money
from registry.core.permissions import Permission, require
from registry.core.roundtrip import round_trip
from registry.core.settings import current_settings
from registry.finance.agreement_spend import OTHERS_INVOICES, agreement_spend
from registry.providers.queries import documents


def _filters():
    """Read the list filters from the query string, ignoring unknown values."""
    args = request.args
    return {
        "q": args.get("q", "").strip()[:100],
        "form": args.get("form") if models.AgreementForm.has(args.get("form")) else "",
        "status": args.get("status") if AgreementStatus.has(args.get("status")) else "",
        "mine": args.get("mine") == "1",
    }


@bp.get("/")
@require(Permission.AGREEMENTS_VIEW)
def index():
    """List the shared agreements with their derived status and use of the ceiling."""
    filters, on = _filters(), today()
    mine = current_user.municipality_id if filters["mine"] else None
    page = queries.agreements_page(request.args.get("page", 1, type=int), on,
                                   form=filters["form"], status=filters["status"],
                                   municipality_id=mine, q=filters["q"])
    return render_template("agreements/index.html", page=page, filters=filters,
                           spends=agreement_spend([v.agreement for v in page.items], on,
                                                  current_user.municipality_id),
                           threshold=current_settings().small_number_threshold)


@bp.get("/<int:agreement_id>")
@require(Permission.AGREEMENTS_VIEW)
def detail(agreement_id):
    """Show one agreement: parties, providers, options, terms, prices, spend and documents."""
    agreement = queries.get_agreement(agreement_id)
    on = today()
    prices = queries.price_items(agreement_id=agreement.id)
    return render_template(
        "agreements/detail.html", view=queries.describe(agreement, on), agreement=agreement,
        on=on, terms={term.code: term for term in agreement.terms},
        prices=prices, current_ids={p.id for p in prices if queries.is_current(p, on)},
        spend=agreement_spend([agreement], on, current_user.municipality_id)[agreement.id],
        others_invoices=OTHERS_INVOICES,
        documents=documents(agreement_id=agreement.id))


@bp.route("/new", methods=["GET", "POST"])
@require(Permission.AGREEMENTS_EDIT)
def create():
    """Register an agreement in which the user's municipality is a party."""
    form = AgreementForm()
    form.fill_choices()
    if request.method == "GET" and current_user.municipality_id:
        form.lead_municipality_id.data = current_user.municipality_id
    return round_trip(form, lambda: create_agreement(form.values(), current_user), detail_url,
                      lambda: render_template("agreements/form.html", form=form,
                                              agreement=None), "Avtalet är registrerat.")


@bp.route("/<int:agreement_id>/edit", methods=["GET", "POST"])
@require(Permission.AGREEMENTS_EDIT)
def edit(agreement_id):
    """Change an agreement's details; only purchasers of its parties may."""
    agreement = editable_or_403(agreement_id)
    form = AgreementForm(obj=agreement)
    form.fill_choices()
    if request.method == "GET":
        form.participant_ids.data = [m.id for m in agreement.participants]
        if agreement.ceiling_ore is not None:
            form.ceiling.data = format_money(agreement.ceiling_ore)

    def action():
        return update_agreement(agreement, form.values(), form.version.data, current_user)
    return round_trip(form, action, detail_url, lambda: render_template(
        "agreements/form.html", form=form, agreement=agreement), "Avtalet är sparat.")

