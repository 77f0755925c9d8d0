"""Registering an invoice from the list, the truthful saved message, what should be paid."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.finance.models import Invoice
from tests.conftest import post
from tests.finance import factories as money

FINANCE = ("finance", "solna")
NOVEMBER = date(2026, 11, 1), date(2026, 11, 30)


@pytest.fixture
def placement(clock):
    clock(date(2026, 12, 7))
    found = money.placement(start_date=date(2026, 8, 1), case_reference="SOL-2026-014")
    db.session.commit()
    return found


def _form(path, **fields):
    data = {"invoice_number": "F-100", "period_start": "2026-11-01",
            "period_end": "2026-11-30", "days": "30", "amount": "135 000",
            "received_on": "2026-12-05", "note": ""}
    return {**data, **fields}


def _invoices(placement):
    query = select(Invoice).where(Invoice.placement_id == placement.id).order_by(
        Invoice.id).execution_options(populate_existing=True)
    return list(db.session.scalars(query))


def test_an_invoice_is_registered_from_the_invoice_list_by_case_reference(login_as, placement):
    client = login_as(FINANCE)
    assert 'href="/finance/invoices/new"' in client.get("/finance/invoices").get_data(as_text=True)
    path = "/finance/invoices/new"
    response = post(client, path, _form(path, case_reference="SOL-2026-014"), token_from=path)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/finance/placements/{placement.id}")
    [invoice] = _invoices(placement)
    assert (invoice.placement_id, invoice.provider_id) == (placement.id, placement.provider_id)
    assert invoice.mismatch_reason is None
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "flash--success" in page and "stämmer med vad som ska betalas" in page


def test_another_municipalitys_case_reference_is_as_unknown_as_a_missing_one(login_as,
                                                                           placement):
    foreign = money.placement("sundbyberg", start_date=date(2026, 8, 1),
                              case_reference="SUN-2026-001")
    db.session.commit()
    client = login_as(FINANCE)
    path = "/finance/invoices/new"
    answers = [post(client, path, _form(path, case_reference=ref), token_from=path)
               for ref in (foreign.case_reference, "FINNS-INTE")]
    assert [a.status_code for a in answers] == [422, 422]
    pages = [a.get_data(as_text=True) for a in answers]
    assert all("Okänd ärendereferens." in page for page in pages)
    assert pages[0].replace("SUN-2026-001", "X") == pages[1].replace("FINNS-INTE", "X")
    assert _invoices(placement) == []


def test_a_mismatch_is_a_warning_at_the_top_with_the_difference(login_as, placement):
    client = login_as(FINANCE)
    path = f"/finance/placements/{placement.id}/invoices/new"
    response = post(client, path, _form(path, amount="136 000"), token_from=path)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True).replace("\xa0", " ")
    flashes = page[page.index('<div class="flashes">'):]
    flashes = flashes[:flashes.index("</div>\n") if "</div>\n" in flashes else 600]
    assert "flash--success" not in flashes and 'role="alert"' in flashes
    assert "Fakturan avviker med 1 000 kr från vad som ska betalas" in flashes
    assert "registrerad och avstämd" not in page


def test_the_column_shows_what_should_be_paid_not_invoiced_days_times_rate(login_as,
                                                                         placement):
    client = login_as(FINANCE)
    path = f"/finance/placements/{placement.id}/invoices/new"
    post(client, path, _form(path, days="33", amount="148 500"), token_from=path)
    page = client.get(f"/finance/placements/{placement.id}").get_data(as_text=True)
    page = page.replace("\xa0", " ")
    assert "Ska betalas" in page and "Enligt dygnspris" not in page
    amounts = re.findall(r'<td class="num">([\d ]+ kr)</td>', page)
    # invoiced 33 × 4 500 = 148 500 kr; to pay: the 30 care days of November × 4 500 kr
    assert amounts[-2:] == ["148 500 kr", "135 000 kr"]
    [invoice] = _invoices(placement)
    assert invoice.mismatch_reason == "Dygnen skiljer sig; Beloppet skiljer sig"


def test_the_sixth_invoice_for_one_period_is_saved(login_as, placement):
    """Each overlap used to add its label to mismatch_reason: 500 on PostgreSQL at the 6th."""
    client = login_as(FINANCE)
    path = f"/finance/placements/{placement.id}/invoices/new"
    for n in range(1, 7):
        response = post(client, path, _form(path, invoice_number=f"F-{n}"),
                        token_from=path)
        assert response.status_code == 302, n
    reasons = [invoice.mismatch_reason for invoice in _invoices(placement)]
    assert len(reasons) == 6 and max(len(reason or "") for reason in reasons) <= 200
    assert reasons[0] is None
    assert reasons[-1] == "Perioden överlappar en tidigare faktura"
