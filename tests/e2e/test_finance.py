"""Finance's journey: register an invoice that differs, correct it so it reconciles, reconcile
the placement again and file a reimbursement claim with the police."""

import calendar
from datetime import date

import pytest

from tests.e2e.conftest import login
from tests.e2e.journey import field, flash, kronor, row, seen, submit, text_of

CASE = "SIG-DEMO-0001"  # demo data: all police criteria met, no claims yet
NUMBER = "E2E-F-3001"


def fact(page, term):
    """Return the text of the <dd> after the <dt> called `term`."""
    return text_of(page.locator(f"main dt:text-is('{term}') + dd").first)


def first_month(start):
    """Return the placement's first calendar month from its start: (first, last, days)."""
    last = date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    return start, last, (last - start).days + 1


def open_placement(page, shots):
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Ekonomi").click()
    seen(page, shots, "finance")
    row(page, CASE).get_by_role("link", name=CASE).click()
    seen(page, shots, "finance-placement")
    start = date.fromisoformat(fact(page, "Start"))
    rates = page.locator("main table").filter(has_text="Gäller från")
    rate = kronor(text_of(rates.locator("tbody tr").first.locator("td").last))
    return start, rate


def invoices(page):
    return page.locator("main table").filter(has_text="Fakturanummer")


def register_invoice(page, shots, period, rate):
    first, last, days = period
    page.get_by_role("link", name="Registrera faktura").click()
    seen(page, shots, "invoice-form")
    field(page, "Fakturanummer").fill(NUMBER)
    field(page, "Periodens första dag").fill(first.isoformat())
    field(page, "Periodens sista dag").fill(last.isoformat())
    field(page, "Fakturerade dygn").fill(str(days))
    field(page, "Fakturerat belopp").fill(f"{days * rate + 1000}")
    submit(page, "Spara fakturan")
    seen(page, shots, "invoice-differs")
    assert flash(page).startswith("Fakturan är registrerad men avviker. Fakturan avviker med "
                                  "1 000 kr från vad som ska betalas")
    assert "Avviker" in text_of(row(invoices(page), NUMBER))


def correct_invoice(page, shots, period, rate):
    days = period[2]
    row(invoices(page), NUMBER).get_by_role("link", name=NUMBER).click()
    seen(page, shots, "invoice-edit")
    field(page, "Fakturerat belopp").fill(f"{days * rate:,}".replace(",", " "))
    submit(page, "Spara fakturan")
    assert flash(page) == "Fakturan är ändrad och stämmer med vad som ska betalas."
    assert "Stämmer" in text_of(row(invoices(page), NUMBER))
    submit(page, "Stäm av fakturorna igen")
    seen(page, shots, "reconciled")
    assert flash(page).startswith("Fakturorna är avstämda. 0 av ")


def file_claim(page, shots, period, rate):
    first, last, days = period
    page.get_by_role("link", name="Ny återsökning").click()
    seen(page, shots, "claim-form")
    field(page, "Periodens första dag").fill(first.isoformat())
    field(page, "Periodens sista dag").fill(last.isoformat())
    field(page, "Sökt belopp").fill(str(days * rate))
    submit(page, "Spara som förberedd")
    seen(page, shots, "claim-draft")
    assert "Förberedd" in text_of(page.locator("main .tag").first)
    submit(page, "Markera som inskickad")
    seen(page, shots, "claim-submitted")
    assert "Inskickad" in text_of(page.locator("main .tag").first)
    assert f"{first.isoformat()}" in text_of(page.locator("main"))


@pytest.mark.checklist("L2")
def test_finance_reconciles_an_invoice_and_files_a_claim(page, shots):
    login(page, "finance.sigtuna@demo.invalid")
    start, rate = open_placement(page, shots)
    period = first_month(start)
    register_invoice(page, shots, period, rate)
    correct_invoice(page, shots, period, rate)
    file_claim(page, shots, period, rate)
