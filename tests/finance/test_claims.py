"""Claims through the pages: rules refuse with a clear message; each step is dated and signed."""

from datetime import timedelta

from sqlalchemy import func, select

from registry.core.audit import AuditEvent
from registry.core.dates import today
from registry.extensions import db
from registry.finance.models import ReimbursementClaim
from tests import factories
from tests.conftest import csrf_token, post
from tests.finance import factories as money

FINANCE = ("finance", "solna")
MISSING_ID = 987654321


def _claims_of(placement):
    query = select(ReimbursementClaim).where(ReimbursementClaim.placement_id == placement.id)
    return list(db.session.scalars(query.execution_options(populate_existing=True)))


def _new_claim(client, placement, first, last, amount):
    path = f"/finance/placements/{placement.id}/claims/new"
    return post(client, path, {"period_start": first.isoformat(), "period_end": last.isoformat(),
                               "amount": amount}, token_from=path)


def _step(client, claim, step, prefix, token_from=None, **fields):
    """POST one step's form the way the claim page does (prefixed field names)."""
    path = f"/finance/claims/{claim.id}"
    data = {f"{prefix}-{name}": value for name, value in fields.items()}
    data[f"{prefix}-csrf_token"] = csrf_token(client, token_from or path)
    data.setdefault(f"{prefix}-version", claim.version)
    return client.post(f"{path}/{step}", data=data)


def _finance_user():
    return factories.staff(*FINANCE)


def test_a_draft_claim_is_saved_signed_and_audited(login_as):
    placement = money.placement()
    db.session.commit()
    client = login_as(FINANCE)
    first = placement.start_date
    response = _new_claim(client, placement, first, first + timedelta(days=29), "135 000")
    assert response.status_code == 302
    [claim] = _claims_of(placement)
    assert (claim.status, claim.amount_ore, claim.created_by_id) == (
        "draft", 13_500_000, _finance_user().id)
    assert response.headers["Location"].endswith(f"/finance/claims/{claim.id}")
    created = db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "create", AuditEvent.entity == "reimbursement_claims",
        AuditEvent.entity_id == claim.id))
    assert created == 1


def test_the_new_claim_form_suggests_the_first_unclaimed_days(login_as):
    placement = money.placement(days_ago=40)
    money.claim(placement, placement.start_date, placement.start_date + timedelta(days=9), 100)
    db.session.commit()
    html = login_as(FINANCE).get(f"/finance/placements/{placement.id}/claims/new").get_data(
        as_text=True)
    assert f'value="{(placement.start_date + timedelta(days=10)).isoformat()}"' in html


def test_an_overlapping_claim_is_refused_with_a_clear_message(login_as):
    placement = money.placement()
    start = placement.start_date
    money.claim(placement, start, start + timedelta(days=29), 100, status="submitted")
    db.session.commit()
    response = _new_claim(login_as(FINANCE), placement, start + timedelta(days=29),
                          start + timedelta(days=40), "1 000")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Perioden överlappar en annan återsökning" in html
    assert "Två återsökningar kan inte omfatta samma dygn" in html
    assert len(_claims_of(placement)) == 1


def test_an_amount_above_the_eligible_amount_is_refused_naming_it(login_as):
    placement = money.placement()
    start = placement.start_date
    db.session.commit()
    response = _new_claim(login_as(FINANCE), placement, start, start + timedelta(days=29),
                          "135 000,01")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Högst 135\u00a0000\u00a0kr kan återsökas för 30 dygn" in html
    assert 'value="135 000,01"' in html  # the typed value is kept
    assert 'aria-describedby="amount-hint amount-error"' in html
    assert _claims_of(placement) == []


def test_a_placement_without_consent_recorded_is_not_eligible(login_as):
    placement = money.placement(missing=("consent_on",))
    db.session.commit()
    client = login_as(FINANCE)
    page = client.get(f"/finance/placements/{placement.id}").get_data(as_text=True)
    assert "Kriterier saknas" in page and "Ny återsökning" not in page
    form = client.get(f"/finance/placements/{placement.id}/claims/new")
    assert form.status_code == 200
    assert "Samtycke till informationsutbyte undertecknat" in form.get_data(as_text=True)
    start = placement.start_date
    response = _new_claim(client, placement, start, start + timedelta(days=9), "100")
    assert response.status_code == 422
    assert "polisens kriterier inte är uppfyllda" in response.get_data(as_text=True)
    assert _claims_of(placement) == []


def test_a_claim_moves_through_every_step_dated_and_signed(login_as):
    placement = money.placement()
    start = placement.start_date
    claim = money.claim(placement, start, start + timedelta(days=29), 13_500_000)
    db.session.commit()
    client = login_as(FINANCE)
    day = today().isoformat()
    assert _step(client, claim, "submit", "submit", submitted_on=day).status_code == 302
    claim = _claims_of(placement)[0]
    assert _step(client, claim, "decide", "decide", outcome="partly_approved", decided_on=day,
                 approved_amount="100 000").status_code == 302
    claim = _claims_of(placement)[0]
    assert _step(client, claim, "pay", "pay", paid_on=day, paid_amount="").status_code == 302
    claim = _claims_of(placement)[0]
    user_id = _finance_user().id
    assert claim.status == "paid"
    assert (claim.submitted_on, claim.decided_on, claim.paid_on) == (today(),) * 3
    assert (claim.submitted_by_id, claim.decided_by_id, claim.paid_by_id) == (user_id,) * 3
    assert (claim.approved_ore, claim.paid_ore) == (10_000_000, 10_000_000)
    html = client.get(f"/finance/claims/{claim.id}").get_data(as_text=True)
    assert "Beslut: delvis beviljad" in html and _finance_user().display_name in html


def test_a_partly_approved_amount_must_be_below_the_claimed(login_as):
    placement = money.placement()
    start = placement.start_date
    claim = money.claim(placement, start, start + timedelta(days=9), 4_500_000,
                        status="submitted", submitted_on=today())
    db.session.commit()
    response = _step(login_as(FINANCE), claim, "decide", "decide", outcome="partly_approved",
                     decided_on=today().isoformat(), approved_amount="45 000")
    assert response.status_code == 422
    assert "mindre än det sökta beloppet (45\u00a0000\u00a0kr)" in response.get_data(as_text=True)
    assert _claims_of(placement)[0].status == "submitted"


def test_a_step_the_status_does_not_allow_is_refused(login_as):
    placement = money.placement()
    claim = money.claim(placement, placement.start_date, placement.start_date, 100)
    db.session.commit()
    response = _step(login_as(FINANCE), claim, "pay", "pay", paid_on=today().isoformat())
    assert response.status_code == 422
    assert "kan inte betalas ut" in response.get_data(as_text=True)


def test_a_step_in_the_future_is_refused(login_as):
    placement = money.placement()
    claim = money.claim(placement, placement.start_date, placement.start_date, 100)
    db.session.commit()
    response = _step(login_as(FINANCE), claim, "submit", "submit",
                     submitted_on=(today() + timedelta(days=1)).isoformat())
    assert response.status_code == 422
    assert "Datumet kan inte ligga i framtiden." in response.get_data(as_text=True)


def test_a_stale_step_gets_the_409_page(login_as):
    placement = money.placement()
    claim = money.claim(placement, placement.start_date, placement.start_date, 100)
    db.session.commit()
    response = _step(login_as(FINANCE), claim, "submit", "submit",
                     submitted_on=today().isoformat(), version=claim.version + 1)
    assert response.status_code == 409
    assert _claims_of(placement)[0].status == "draft"


def test_a_draft_can_be_corrected_and_deleted(login_as):
    placement = money.placement()
    start = placement.start_date
    claim = money.claim(placement, start, start + timedelta(days=9), 100)
    db.session.commit()
    client = login_as(FINANCE)
    path = f"/finance/claims/{claim.id}/edit"
    response = post(client, path, {"period_start": start.isoformat(),
                                   "period_end": (start + timedelta(days=4)).isoformat(),
                                   "amount": "22 500", "version": claim.version}, token_from=path)
    assert response.status_code == 302
    claim = _claims_of(placement)[0]
    assert (claim.period_end, claim.amount_ore) == (start + timedelta(days=4), 2_250_000)
    assert _step(client, claim, "delete", "delete").status_code == 302
    assert _claims_of(placement) == []


def test_a_foreign_claim_is_the_same_404_as_a_missing_one(login_as):
    foreign = money.placement("jarfalla")
    claim = money.claim(foreign, foreign.start_date, foreign.start_date, 100)
    db.session.commit()
    client = login_as(FINANCE)
    for path in (f"/finance/claims/{claim.id}", f"/finance/claims/{claim.id}/edit"):
        foreign_response = client.get(path)
        missing = client.get(path.replace(str(claim.id), str(MISSING_ID)))
        assert foreign_response.status_code == missing.status_code == 404
        assert foreign_response.get_data() == missing.get_data()
    response = _step(client, claim, "submit", "submit", token_from="/",
                     submitted_on=today().isoformat())
    assert response.status_code == 404
    assert _claims_of(foreign)[0].status == "draft"


def test_a_case_officer_may_not_record_a_decision(login_as):
    placement = money.placement()
    claim = money.claim(placement, placement.start_date, placement.start_date, 100,
                        status="submitted", submitted_on=today())
    db.session.commit()
    client = login_as("case_officer", "solna")
    assert client.get(f"/finance/claims/{claim.id}").status_code == 403
    response = post(client, f"/finance/claims/{claim.id}/decide",
                    {"decide-outcome": "approved", "decide-version": claim.version})
    assert response.status_code == 403



def test_only_a_draft_can_be_corrected(login_as):
    placement = money.placement()
    claim = money.claim(placement, placement.start_date, placement.start_date, 100,
                        status="submitted", submitted_on=today())
    db.session.commit()
    client = login_as(FINANCE)
    page = client.get(f"/finance/claims/{claim.id}/edit")
    assert page.status_code == 200
    assert "Bara en förberedd återsökning kan ändras." in page.get_data(as_text=True)
    path = f"/finance/claims/{claim.id}/edit"
    response = post(client, path, {"period_start": placement.start_date.isoformat(),
                                   "period_end": placement.start_date.isoformat(),
                                   "amount": "1", "version": claim.version}, token_from="/")
    assert response.status_code == 422
    assert "kan inte ändras" in response.get_data(as_text=True)
