"""The purchaser's journey: register a provider, add a price, assess it, compare providers."""

import itertools

import pytest

from registry.core.dates import today
from registry.core.identifiers import luhn_ok
from tests.e2e.conftest import login
from tests.e2e.journey import PDF, kronor, row, seen, submit, text_of

PROVIDER = "Nordväst Vägledning E2E AB"
AGREEMENT = "DEMO-SOL-2025-0003"
SERVICE = "Skyddat boende med omlokalisering"


def org_number():
    """Return a Luhn-valid organisation number in a series the demo data does not use."""
    base = next(f"97{n:07d}" for n in itertools.count(1234567)
                if any(luhn_ok(f"97{n:07d}{d}") for d in "0123456789"))
    digits = base + next(d for d in "0123456789" if luhn_ok(base + d))
    return f"{digits[:6]}-{digits[6:]}"


def register_provider(page, shots):
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Utförare").click()
    seen(page, shots, "providers")
    page.get_by_role("link", name="Registrera utförare").click()
    seen(page, shots, "provider-form")
    page.get_by_label("Namn (juridiskt)").fill(PROVIDER)
    page.get_by_label("Organisationsnummer").fill(org_number())
    page.get_by_label(SERVICE).check()
    page.get_by_label("Vuxna").check()
    page.get_by_label("Kan placera i (regioner, orter)").fill("Hela Sverige")
    page.get_by_label("Kapacitet (platser)").fill("6")
    submit(page, "Spara")
    seen(page, shots, "provider-detail")
    assert page.get_by_role("heading", level=1).inner_text().startswith(PROVIDER)
    assert SERVICE in text_of(page.locator("main"))


def add_price(page, shots):
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Avtal").click()
    seen(page, shots, "agreements")
    row(page, AGREEMENT).get_by_role("link").first.click()
    seen(page, shots, "agreement")
    page.get_by_role("link", name="Lägg till utförare").click()
    seen(page, shots, "agreement-provider-form")
    page.get_by_label("Utförare").select_option(label=PROVIDER)
    page.get_by_label("Avropsregel").fill("Avrop efter samråd med kommunen")
    submit(page, "Lägg till")
    assert PROVIDER in text_of(page.locator("main"))
    page.get_by_role("link", name="Lägg till pris").click()
    seen(page, shots, "price-form")
    page.get_by_label("Utförare").select_option(label=PROVIDER)
    page.get_by_label("Insats", exact=True).select_option(label=SERVICE)
    page.get_by_label("Gäller från").fill(today().isoformat())
    page.get_by_label("Pris (kr)").fill("4 750")
    submit(page, "Spara priset")
    seen(page, shots, "agreement-with-price")
    price = row(page.locator("main table").filter(has_text="Gäller från").last, PROVIDER)
    assert "4 750 kr" in text_of(price) and "per dygn" in text_of(price)


def assess(page, shots):
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Kvalitet").click()
    seen(page, shots, "quality")
    page.get_by_role("link", name="Ny bedömning").first.click()
    seen(page, shots, "assessment-start")
    page.get_by_label("Utförare").select_option(label=PROVIDER)
    submit(page, "Starta bedömningen")
    seen(page, shots, "assessment-form")
    answer_everything(page)
    submit(page, "Genomför bedömningen")
    seen(page, shots, "assessment-done")
    assert text_of(page.get_by_role("heading", level=1)) == f"Bedömning av {PROVIDER}"
    result = page.locator("main section").filter(has_text="Resultat")
    assert "Poäng (0–100) 100,0" in text_of(result) and "Alla uppfyllda" in text_of(result)
    assert "Godkänd, Hög" in text_of(page.locator("main .tag").first)


def answer_everything(page):
    """Give every indicator its best answer and attach a PDF where one is required."""
    form = page.locator("main form").first
    for group in form.locator("fieldset:has(input[type=radio])").all():
        best = group.locator("input[type=radio][value=yes], input[type=radio][value='3']")
        best.first.check()
    for field in form.locator("textarea[name^=value_]").all():
        field.fill("Aktiebolag som ägs av en stiftelse; eventuell vinst återinvesteras.")
    for field in form.locator("input[type=number][name^=value_]").all():
        field.fill("250")
    for upload in form.locator("input[type=file]").all():
        upload.set_input_files({"name": "underlag.pdf", "mimeType": "application/pdf",
                                "buffer": PDF})
    page.get_by_label("Sammanfattning").fill("Uppfyller checklistan; underlag finns.")


def compare(page, shots):
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Utförare").click()
    page.get_by_role("link", name="Jämför utförare").first.click()
    page.get_by_label("Insats", exact=True).select_option(label=SERVICE)
    submit(page, "Visa")
    seen(page, shots, "compare")
    mine = row(page, PROVIDER)
    cells = mine.locator("td")
    assert kronor(text_of(cells.nth(0)).split(" kr")[0] + " kr") == 4750
    assert "100" in text_of(mine) and "Godkänd" in text_of(mine)


@pytest.mark.checklist("L2")
def test_purchaser_registers_prices_assesses_and_compares(page, shots):
    login(page, "purchaser.sollentuna@demo.invalid")
    seen(page, shots, "start")
    register_provider(page, shots)
    add_price(page, shots)
    assess(page, shots)
    compare(page, shots)
