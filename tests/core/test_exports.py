"""Exports never carry a formula and survive control characters."""

import io

import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from registry.core.exports import attachment, csv_bytes, safe_text, sheet_name, xlsx_bytes

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


@pytest.mark.parametrize(("text", "name"), [
    ("KS 2026/123", "KS 2026 123"), ("=SUM(1)", "SUM(1)"), ("-+@x", "x"), ("'a'", "a"),
    ("[]:*?/\\", "Data"), ("", "Data"), ("history", "Data"), ("Kostnader 2026", "Kostnader 2026"),
    ("x" * 40, "x" * 31)])
def test_sheet_names_are_made_safe(text, name):
    assert sheet_name(text) == name


@given(st.text(max_size=80))
def test_every_sheet_name_is_accepted_by_both_excel_libraries(text):
    name = sheet_name(text)
    assert 1 <= len(name) <= 31 and not name.startswith(("=", "+", "-", "@", "'"))
    workbook = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    workbook.add_worksheet(name)
    workbook.close()
    assert Workbook().create_sheet(name).title == name


def test_ascii_file_names_keep_their_header():
    assert attachment("prislista-5.xlsx") == 'attachment; filename="prislista-5.xlsx"'


def test_other_file_names_get_a_slug_and_the_whole_name_encoded():
    header = attachment('Jämförelse "KS 2026/123"\r\nX-Injected: 1.xlsx')
    assert "\r" not in header and "\n" not in header
    assert header.startswith('attachment; filename="Jamforelse_KS_2026_123X-Injected_1.xlsx"')
    assert header.endswith("filename*=UTF-8''J%C3%A4mf%C3%B6relse%20%22KS%202026%2F123%22"
                           "X-Injected%3A%201.xlsx")
