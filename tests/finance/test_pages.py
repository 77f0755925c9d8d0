"""Every finance page answers for the demo data of a municipality with all kinds of money."""

from sqlalchemy import select

from registry.extensions import db
from registry.finance.models import Budget, Invoice, ReimbursementClaim
from registry.placements.models import Placement
from tests.finance import factories as money


def _ids(model, municipality_id):
    return db.session.scalars(select(model.id).where(model.municipality_id == municipality_id))


def test_every_page_of_the_demo_money_answers(login_as):
    municipality_id = money.municipality("jarfalla").id
    paths = ["/finance/", "/finance/invoices", "/finance/invoices?flagged=1", "/finance/claims",
             "/finance/claims?status=paid", "/finance/budget", "/finance/budget?year=1999",
             "/finance/budget/new", "/finance/?page=9"]
    for pid in _ids(Placement, municipality_id):
        paths += [f"/finance/placements/{pid}", f"/finance/placements/{pid}/invoices/new",
                  f"/finance/placements/{pid}/claims/new"]
    paths += [f"/finance/claims/{cid}" for cid in _ids(ReimbursementClaim, municipality_id)]
    paths += [f"/finance/budget/{bid}/edit" for bid in _ids(Budget, municipality_id)]
    paths += [f"/finance/invoices/{iid}/edit" for iid in _ids(Invoice, municipality_id)]
    client = login_as("finance", "jarfalla")
    answers = {path: client.get(path).status_code for path in paths}
    assert {path: code for path, code in answers.items() if code != 200} == {}
    assert len(paths) > 20


def test_the_demo_invoices_and_claims_follow_the_rules(login_as):
    """The demo data is made with the same accrual: seeded flags and amounts agree with pages."""
    html = login_as("finance", "sollentuna").get("/finance/invoices").get_data(
        as_text=True)
    assert "DEMO-F-1006" in html and "Avviker: Dygnen skiljer sig" in html
    html = login_as("finance", "jarfalla").get("/finance/invoices").get_data(
        as_text=True)
    assert "Avviker" not in html
