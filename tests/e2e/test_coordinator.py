"""The coordinator's journey: read the cross-municipal statistics and export them."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import login
from tests.e2e.journey import field, seen, submit, text_of

REPORT = "Placeringar per kommun och insatstyp"
MUNICIPALITIES = ["Ekerö", "Järfälla", "Sigtuna", "Sollentuna", "Solna", "Sundbyberg",
                  "Upplands-Bro", "Upplands Väsby"]


def download(page, name):
    """Follow the download link called `name` and return the file's bytes and name."""
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    download = info.value
    return download.suggested_filename, download.path().read_bytes()


def read_statistics(page, shots):
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Statistik").click()
    seen(page, shots, "statistics")
    page.get_by_role("link", name=REPORT).click()
    seen(page, shots, "report")
    assert text_of(page.get_by_role("heading", level=1)) == REPORT
    table = page.locator("main table").filter(has_text="Kommun")
    body = text_of(table)
    assert all(name in body for name in MUNICIPALITIES)
    # No one can be singled out: a coordinator of no municipality sees every count rounded to
    # a multiple of 5 (the same placements always the same way), and the page says so.
    counts = [int(c) for c in table.locator("tbody td").all_inner_texts() if c.strip().isdigit()]
    assert counts and all(count % 5 == 0 for count in counts)
    assert "Siffrorna är skyddade" in text_of(page.locator("main"))
    field(page, "Insatstyp").select_option(
        label="Skyddat boende med omlokalisering")
    submit(page, "Visa")
    seen(page, shots, "report-filtered")
    assert "Skyddat boende med omlokalisering" in text_of(page.locator("main"))


def export(page, shots):
    filename, data = download(page, "Excel (.xlsx)")
    assert filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    cells = [str(c) for r in sheet.iter_rows(values_only=True) for c in r if c is not None]
    assert any("Kommun" in c for c in cells) and any("Sollentuna" in c for c in cells)
    filename, data = download(page, "CSV")
    assert filename.endswith(".csv")
    text = data.decode("utf-8-sig")
    assert "Sollentuna" in text and len(list(csv.reader(io.StringIO(text), delimiter=";"))) > 2


@pytest.mark.checklist("L2")
def test_coordinator_reads_and_exports_statistics(page, shots):
    login(page, "coordinator@demo.invalid")
    read_statistics(page, shots)
    export(page, shots)
