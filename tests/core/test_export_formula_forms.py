"""Formula neutralisation sees every form of = + - @ that folds into them (NFKC, issue 17)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from registry.core.exports import csv_bytes, safe_text, xlsx_bytes
from tests.reports.factories import world

WIDE = '＝HYPERLINK("http://x","y")'  # U+FF1D FULLWIDTH EQUALS SIGN
FORMS = [WIDE, "＋1", "－2+3", "＠SUM(1)", "﹦1+1", "﹢1", "﹣1", "﹫SUM(1)", "⁼1", "₌1", "⁺1",
         "₋1", " =1+1", "\u3000＝1", "\u200b=1+1", "\ufeff=1+1", "\u202e=1+1"]


@pytest.mark.parametrize("text", FORMS)
def test_every_compatibility_form_of_a_formula_start_is_neutralised(text):
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Skyddat boende", "Ｓｔｉｆｔｅｌｓｅｎ", "100 %", "a=b",
                                  "ＡＢ＝1"])
def test_ordinary_text_is_unchanged(text):
    assert safe_text(text) == text


def test_files_built_with_hostile_forms_hold_only_text():
    content = xlsx_bytes(["Text"], [[value] for value in FORMS])
    cells = [row[0] for row in load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" and cell.value.startswith("'") for cell in cells)
    lines = csv_bytes(["Text"], [[value] for value in FORMS]).decode("utf-8-sig").splitlines()
    assert all(line.lstrip('"').startswith("'") for line in lines[1:])


def _report(client, fmt):
    return client.get(f"/statistik/mina-placeringskostnader/export?format={fmt}"
                      "&period=2025-03")


def test_a_provider_named_with_a_full_width_equals_is_exported_as_text(login_as):
    world(p1_name=WIDE)
    client = login_as("finance", "solna")
    sheet = load_workbook(io.BytesIO(_report(client, "xlsx").data)).active
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "RAPP-A")
    assert row[2].data_type == "s" and row[2].value == "'" + WIDE
    text = _report(client, "csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert next(r for r in rows if r[0] == "RAPP-A")[2] == "'" + WIDE
