"""The case officer's journey: register a placement, file a monthly report (a bad value, then
a good one), record a deviation and then its decision."""

import calendar
from datetime import timedelta

import pytest

from registry.core.dates import add_months, month_start, today
from tests.e2e.conftest import login
from tests.e2e.journey import field, flash, row, seen, submit, text_of

CASE = "SOL-E2E-0042"
PROVIDER = "Exempelstiftelsen Nystart (fiktiv)"
AGREEMENT = "DEMO-SOL-2025-0003 Direktupphandling skyddat boende, ett ärende (demo)"
MONTHS = ("januari februari mars april maj juni juli augusti september oktober november "
          "december").split()


def month_name(first):
    return f"{MONTHS[first.month - 1]} {first.year}"


def register_placement(page, shots, start):
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Placeringar").click()
    seen(page, shots, "placements")
    page.get_by_role("link", name="Registrera placering").first.click()
    seen(page, shots, "placement-form")
    field(page, "Ärendereferens").fill(CASE)
    field(page, "Stödkategori").select_option(label="Lämna kriminell livsstil, med skyddsbehov")
    field(page, "Åldersgrupp").select_option(label="21–25 år")
    field(page, "Insats").select_option(label="Skyddat boende med omlokalisering")
    field(page, "Utförare").select_option(label=PROVIDER)
    field(page, "Avtal").select_option(label=AGREEMENT)
    field(page, "Startdatum").fill(start.isoformat())
    submit(page, "Registrera placeringen")
    seen(page, shots, "placement-detail")
    assert flash(page) == "Placeringen är registrerad."
    assert text_of(page.get_by_role("heading", level=1)) == f"Placering {CASE}"
    facts = text_of(page.locator("main dl.facts").first)
    assert f"Utförare {PROVIDER}" in facts and f"Start {start.isoformat()}" in facts
    assert "(från avtalets prislista)" in facts


def file_report(page, shots, month):
    page.get_by_role("link", name="Registrera månadsrapport").click()
    seen(page, shots, "report-form")
    field(page, "Månad").select_option(label=month_name(month))
    # Received some days after the month ended, but never after today: on the 1st-10th of a
    # month "the month after next's 10th" would lie in the future, which the app refuses.
    received = min(add_months(month, 1) + timedelta(days=9), today())
    field(page, "Mottagen").fill(received.isoformat())
    days = field(page, "Dygn i vård under månaden")
    days.fill("40")  # more days than the month has
    field(page, "Deltagande").select_option(label="Deltar fullt ut")
    field(page, "Rapporttext").fill("Klienten deltar i alla planerade aktiviteter.")
    submit(page, "Spara rapporten")
    seen(page, shots, "report-error")
    error = page.locator(f"#{days.get_attribute('id')}-error")
    assert error.is_visible()
    assert error.get_attribute("id") in days.get_attribute("aria-describedby").split()
    assert days.get_attribute("aria-invalid") == "true"
    assert field(page, "Rapporttext").input_value().startswith("Klienten deltar")  # kept
    in_month = calendar.monthrange(month.year, month.month)[1]
    days.fill(str(in_month))
    submit(page, "Spara rapporten")
    seen(page, shots, "report-saved")
    reports = page.locator("main table").filter(has_text="Dygn i vård")
    assert str(in_month) in text_of(row(reports, month_name(month)))


def record_deviation(page, shots, start):
    page.get_by_role("link", name="Registrera avvikelse").click()
    seen(page, shots, "deviation-form")
    occurred = start + timedelta(days=10)
    field(page, "Datum för avvikelsen").fill(occurred.isoformat())
    field(page, "Typ av avvikelse").select_option(label="Återfall i missbruk")
    field(page, "Beskrivning").fill("Utföraren rapporterade återfall under en helg.")
    submit(page, "Spara avvikelsen")
    seen(page, shots, "deviation-open")
    deviations = page.locator("main table").filter(has_text="Avvikelser från vårdplanen")
    assert "Inget beslut" in text_of(row(deviations, "Återfall i missbruk"))
    row(deviations, "Återfall i missbruk").get_by_role("link", name="Möte och beslut").click()
    seen(page, shots, "deviation-decision-form")
    decided = occurred + timedelta(days=2)
    field(page, "Möte med utförare, polis och klient").fill(decided.isoformat())
    field(page, "Beslut").select_option(label="Placeringen fortsätter")
    field(page, "Beslutsdatum").fill(decided.isoformat())
    submit(page, "Spara")
    seen(page, shots, "deviation-decided")
    deviations = page.locator("main table").filter(has_text="Avvikelser från vårdplanen")
    decided_row = text_of(row(deviations, "Återfall i missbruk"))
    assert f"Placeringen fortsätter ({decided.isoformat()}" in decided_row


@pytest.mark.checklist("L2")
def test_case_officer_registers_reports_and_decides(page, shots):
    start = add_months(month_start(today()), -1)
    login(page, "case_officer.sollentuna@demo.invalid")
    register_placement(page, shots, start)
    file_report(page, shots, start)
    record_deviation(page, shots, start)
