"""Police reimbursement claims: the list, a new draft, one claim and each step it takes."""

from datetime import timedelta

from flask import flash, request, url_for
from flask_login import current_user

from registry.auth.fresh import fresh_login_required
from registry.core import audit
from registry.core.dates import add_months, today
from registry.core.money import format_amount
from registry.core.permissions import Permission, require
from registry.core.roundtrip import UNPROCESSABLE, submit, succeeded
from registry.core.scoping import get_owned_or_404
from registry.core.settings import money_settings
from registry.finance import calculations as calc
from registry.finance import queries, reimbursement
from registry.finance.forms import (
    ClaimForm,
    DecideClaimForm,
    DecisionLetterForm,
    DeleteClaimForm,
    PayClaimForm,
    PoliceReferenceForm,
    SubmitClaimForm,
)
from registry.finance.models import ClaimStatus, ReimbursementClaim
from registry.finance.permissions import can_edit_claim
from registry.finance.services import claims as service
from registry.finance.views._common import (
    page_number,
    render,
    submit_or_show,
)
from registry.finance.views.blueprint import bp
from registry.placements.models import Placement

FORM = "finance/claim_form.html"


def _user():
    return current_user._get_current_object()


def _to_claim(claim):
    return url_for("finance.claim", claim_id=claim.id)


def _suggestion(money):
    """Suggest the first unclaimed care days (at most a month) and their eligible amount."""
    summary = money.reimbursement
    if not summary.unclaimed:
        return {}
    first, last = summary.unclaimed[0]
    last = min(last, add_months(first, 1) - timedelta(days=1))
    amount = reimbursement.eligible_amount(money.plan.schedule, first, last, money_settings())
    return {"period_start": first, "period_end": last, "amount": format_amount(amount)}


@bp.get("/claims")
@require(Permission.FINANCE_VIEW)
def claims():
    """List the municipality's claims; ?status= narrows to one status."""
    status = request.args.get("status", "")
    status = status if ClaimStatus.has(status) else ""
    audit.record("view", entity="reimbursement_claims")  # the list shows case references
    return render("finance/claims.html", page=queries.list_claims(page_number(), status),
                  status_filter=status)


@bp.route("/placements/<int:placement_id>/claims/new", methods=["GET", "POST"])
@require(Permission.FINANCE_EDIT)
def claim_new(placement_id):
    """Prepare a draft claim for eligible care days no other claim covers."""
    placement = get_owned_or_404(Placement, placement_id)
    on = today()
    money = queries.placement_money(placement, money_settings(), on)
    form = ClaimForm(data=_suggestion(money))
    return submit_or_show(
        form, lambda: service.create_claim(placement, form.values(), _user(), money_settings(),
                                           on),
        _to_claim, "Återsökningen är sparad som förberedd.", FORM, placement=placement,
        money=money, title="Ny återsökning")


STEP_FORMS = {"submit_form": (SubmitClaimForm, "submit"),
              "decide_form": (DecideClaimForm, "decide"),
              "pay_form": (PayClaimForm, "pay"), "delete_form": (DeleteClaimForm, "delete"),
              "reference_form": (PoliceReferenceForm, "reference"),
              "letter_form": (DecisionLetterForm, "letter")}


def _step_form(name, data=None):
    """Return one step's form; a prefix keeps the field ids unique on the claim page."""
    form_class, prefix = STEP_FORMS[name]
    return form_class(prefix=prefix, data=data)


def _step_forms(claim, on):
    version = {"version": claim.version}
    return {"submit_form": _step_form("submit_form", {**version, "submitted_on": on}),
            "decide_form": _step_form("decide_form", {**version, "decided_on": on}),
            "pay_form": _step_form("pay_form", {**version, "paid_on": on,
                                                "paid_amount": format_amount(claim.approved_ore)}),
            "delete_form": _step_form("delete_form", version),
            "reference_form": _step_form("reference_form", {
                **version, "police_reference": claim.police_reference}),
            "letter_form": _step_form("letter_form", version)}


def _show(claim, status=200, refused_form=None, **forms):
    on = today()
    plan = queries.plan_of(claim.placement).schedule
    context = {**_step_forms(claim, on), **forms}
    return render("finance/claim.html", status, claim=claim, on=on,
                  days=calc.care_days(plan, claim.period_start, claim.period_end),
                  eligible_ore=reimbursement.eligible_amount(
                      plan, claim.period_start, claim.period_end, money_settings()),
                  people=queries.user_names(claim), decision=reimbursement.decision_of(claim),
                  letter=service.decision_letter(claim),
                  refused_form=refused_form,
                  **context)


@bp.get("/claims/<int:claim_id>")
@require(Permission.FINANCE_VIEW)
def claim(claim_id):
    """Show one claim with every step, dated and signed, and the next step's form."""
    found = get_owned_or_404(ReimbursementClaim, claim_id)
    return _show(found)


@bp.route("/claims/<int:claim_id>/edit", methods=["GET", "POST"])
@require(Permission.FINANCE_EDIT)
def claim_edit(claim_id):
    """Correct a draft's period and amount."""
    found = get_owned_or_404(ReimbursementClaim, claim_id)
    if request.method == "GET" and not can_edit_claim(current_user, found):
        flash("Bara en förberedd återsökning kan ändras.", "info")
        return _show(found)
    money = queries.placement_money(found.placement, money_settings(), today())
    form = ClaimForm(obj=found, data={"amount": format_amount(found.amount_ore)})
    return submit_or_show(
        form, lambda: service.update_claim(found, form.values(), form.version.data,
                                           money_settings(), today()),
        _to_claim, "Återsökningen är ändrad.", FORM, placement=found.placement, money=money,
        claim=found, title="Ändra återsökning")


def _step(claim_id, form_name, action, message, after=_to_claim):
    """Run one step of a claim from its form; 422 on the claim page when refused.

    The service refuses a step the claim's status does not allow, after the version check
    (so a second tab's stale submit gets the 409 page).
    """
    found = get_owned_or_404(ReimbursementClaim, claim_id, audit_view=False)
    form, target = _step_form(form_name), after(found)
    ok, _ = submit(form, lambda: action(found, form))
    if ok:
        return succeeded(found, target, message)
    return _show(found, UNPROCESSABLE, refused_form=form, **{form_name: form})


@bp.post("/claims/<int:claim_id>/submit")
@require(Permission.FINANCE_EDIT)
def claim_submit(claim_id):
    """Record that the draft was sent to the police."""
    return _step(claim_id, "submit_form",
                 lambda c, f: service.submit_claim(c, f.submitted_on.data, f.version.data,
                                                   _user(), today()),
                 "Återsökningen är markerad som inskickad.")


@bp.post("/claims/<int:claim_id>/decide")
@require(Permission.CLAIMS_APPROVE)
@fresh_login_required
def claim_decide(claim_id):
    """Record the police decision on a submitted claim."""
    return _step(claim_id, "decide_form",
                 lambda c, f: service.decide_claim(c, f.outcome.data, f.decided_on.data,
                                                   f.approved_amount.ore, f.version.data,
                                                   _user(), today()),
                 "Polisens beslut är registrerat.")


@bp.post("/claims/<int:claim_id>/pay")
@require(Permission.FINANCE_EDIT)
@fresh_login_required
def claim_pay(claim_id):
    """Record the payment of an approved claim."""
    return _step(claim_id, "pay_form",
                 lambda c, f: service.pay_claim(c, f.paid_on.data, f.paid_amount.ore,
                                                f.version.data, _user(), today()),
                 "Utbetalningen är registrerad.")


@bp.post("/claims/<int:claim_id>/delete")
@require(Permission.FINANCE_EDIT)
def claim_delete(claim_id):
    """Delete a draft that was never submitted."""
    return _step(claim_id, "delete_form",
                 lambda c, f: service.delete_draft(c, f.version.data),
                 "Den förberedda återsökningen är borttagen.",
                 after=lambda c: url_for("finance.placement", placement_id=c.placement_id))


@bp.post("/claims/<int:claim_id>/police-reference")
@require(Permission.FINANCE_EDIT)
def claim_police_reference(claim_id):
    """Record the police's reference number (diarienummer) of a submitted claim."""
    return _step(claim_id, "reference_form",
                 lambda c, f: service.record_police_reference(c, f.police_reference.data,
                                                              f.version.data),
                 "Polisens diarienummer är sparat.")


@bp.post("/claims/<int:claim_id>/decision-letter")
@require(Permission.FINANCE_EDIT)
def claim_decision_letter(claim_id):
    """Keep the police decision letter (PDF, checked like every stored document)."""
    return _step(claim_id, "letter_form",
                 lambda c, f: service.attach_decision_letter(
                     c, request.files.get("letter-file"), f.version.data, _user()),
                 "Polisens beslut är sparat.")
