"""Exports never carry a formula and survive control characters."""

import io

import pytest
from openpyxl import load_workbook

from registry.core.exports import csv_bytes, safe_text, xlsx_bytes

HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(1)", "a\x0bb", "\ttab"]


@pytest.mark.checklist("D5")
def test_hostile_text_is_written_as_text():
    content = xlsx_bytes(["Text", "Belopp"], [[value, 4500] for value in HOSTILE])
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells)
    assert all(not str(cell.value).startswith(("=", "+", "-", "@")) for cell in cells)
    assert sheet["A6"].value == "ab"
    assert sheet["B2"].value == 4500


def test_plain_text_is_unchanged():
    assert safe_text("Skyddat boende") == "Skyddat boende"


def test_csv_has_bom_and_semicolons():
    content = csv_bytes(["Namn", "Pris"], [["=1+1", 4500]])
    assert content.startswith("\ufeff".encode())
    assert content.decode("utf-8-sig").splitlines()[1] == "'=1+1;4500"
