"""Spreadsheet uploads are bounded before and while they are parsed (checklist D8).

The bomb is a 1.5 KB .xlsx whose sheet declares A1:XFD200000 and holds cells at A1, XFD1
and A200000. Its memory and time are measured in a child process, so the figure is the
parse alone and a regression cannot take the test runner's memory with it.
"""

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from registry.agreements.models import PriceListItem
from registry.agreements.price_files import PriceFileError, read_rows
from registry.extensions import db
from tests import factories
from tests.agreements.factories import party_agreement
from tests.conftest import csrf_token

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["Organisationsnummer", "Insats", "Tillägg", "Gäller från", "Gäller till", "Pris (kr)"]
BOMB_ROWS = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Organisationsnummer</t></is></c>'
             '<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>'
             '<row r="200000"><c r="A200000"><v>1</v></c></row>')


def _workbook_bytes():
    workbook = Workbook()
    workbook.active.append(HEADER)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite_sheet(content, change):
    """Return the workbook with xl/worksheets/sheet1.xml passed through `change`."""
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            out.writestr(entry.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    return target.getvalue()


def bomb(dimension='<dimension ref="A1:XFD200000"/>', rows=BOMB_ROWS):
    """Return a small .xlsx that declares (or holds) a huge sheet."""
    def change(xml):
        xml = re.sub(r"<dimension[^>]*/>", dimension, xml)
        return re.sub(r"<sheetData>.*</sheetData>", f"<sheetData>{rows}</sheetData>", xml,
                      flags=re.S)
    return _rewrite_sheet(_workbook_bytes(), change)


def _refusal(content):
    with pytest.raises(PriceFileError) as refused:
        read_rows(content)
    return refused.value.args[0]


@pytest.mark.checklist("D8")
def test_the_bomb_is_refused_by_the_import_page_and_nothing_is_saved(login_as):
    provider = factories.provider()
    agreement = party_agreement(providers=[provider])
    db.session.commit()
    content = bomb()
    assert len(content) < 8000  # a few KB, like the 1.5 KB file of the issue
    client = login_as("purchaser", "solna")
    path = f"/agreements/{agreement.id}/prices/import"
    response = client.post(path, data={"csrf_token": csrf_token(client, path),
                                       "file": (io.BytesIO(content), "priser.xlsx")},
                           content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Filen har fler än" in html and "rader" in html
    assert db.session.scalar(select(func.count(PriceListItem.id)).where(
        PriceListItem.agreement_id == agreement.id)) == 0


_CHILD = """
import json, sys, time, tracemalloc
from registry.agreements.price_files import PriceFileError, read_rows

def peak_rss_kib():  # VmHWM: this process image's own peak (ru_maxrss counts the parent's)
    status = open("/proc/self/status").read()
    return int(status.split("VmHWM:")[1].split()[0])

content = open(sys.argv[1], "rb").read()
before = peak_rss_kib()
tracemalloc.start()
started = time.perf_counter()
try:
    read_rows(content)
    outcome = "read"
except PriceFileError as exc:
    outcome = str(exc)
seconds = time.perf_counter() - started
traced = tracemalloc.get_traced_memory()[1]
print(json.dumps({"outcome": outcome, "seconds": round(seconds, 3),
                  "rss_before_parse_kib": before, "peak_rss_kib": peak_rss_kib(),
                  "parse_peak_allocated_kib": traced // 1024}))
"""


def measure(content, tmp_path, limit_mb=600):
    """Parse `content` in a child (address space capped) and return its outcome and peak."""
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(content)
    cap = limit_mb * 1024 * 1024
    preexec = f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))"
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", preexec + "\n" + _CHILD, str(path)], cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout)
    print(f"\nparse of {len(content)} bytes: {figures}")  # shown with -s (README figures)
    return figures


@pytest.mark.checklist("D8")
def test_the_bomb_is_refused_with_peak_memory_under_100_mb(tmp_path):
    figures = measure(bomb(), tmp_path)
    assert "Filen har fler än" in figures["outcome"]
    assert figures["peak_rss_kib"] < 100 * 1024


@pytest.mark.checklist("D8")
@pytest.mark.parametrize("dimension", ["", '<dimension ref="A1:B2"/>'])
def test_a_missing_or_lying_dimension_does_not_drive_the_loop(tmp_path, dimension):
    figures = measure(bomb(dimension=dimension), tmp_path)
    assert "Filen har fler än" in figures["outcome"]
    assert figures["peak_rss_kib"] < 100 * 1024


@pytest.mark.checklist("D8")
def test_all_16384_columns_declared_are_refused():
    content = bomb(dimension='<dimension ref="A1:XFD2"/>',
                   rows='<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>1</v></c></row>')
    assert "kolumner" in _refusal(content)


@pytest.mark.checklist("D8")
def test_a_sheet_with_one_row_too_many_is_refused_while_streaming():
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 5102))
    content = bomb(dimension="", rows=rows)
    assert "Filen har fler än 5100 rader" in _refusal(content)


@pytest.mark.checklist("D8")
def test_a_zip_bomb_is_refused_before_openpyxl_reads_it():
    padding = " " * (30 * 1024 * 1024)
    content = bomb(dimension='<dimension ref="A1:A1"/>',
                   rows=f'<row r="1"><c r="A1"><v>1</v></c></row>{padding}')
    assert len(content) < 100_000
    assert "uppackad" in _refusal(content)


def test_a_highly_packed_large_entry_is_refused():
    padding = " " * (2 * 1024 * 1024)
    content = bomb(dimension='<dimension ref="A1:A1"/>',
                   rows=f'<row r="1"><c r="A1"><v>1</v></c></row>{padding}')
    assert "packad" in _refusal(content)


def test_an_ordinary_sheet_of_the_largest_size_is_still_read():
    workbook = Workbook()
    workbook.active.append(HEADER)
    for n in range(5000):
        workbook.active.append(["556000-0000", "insats", None, "2026-01-01", None, n + 1])
    buffer = io.BytesIO()
    workbook.save(buffer)
    names, rows = read_rows(buffer.getvalue())
    assert len(rows) == 5000 and names["price"] == "Pris (kr)"


@pytest.mark.checklist("D8")
def test_a_csv_of_endless_lines_is_refused_while_reading(tmp_path):
    content = b"Organisationsnummer;Insats;Pris (kr)\n" + b";\n" * 5_000_000  # 10 MB
    figures = measure(content, tmp_path)
    assert "Filen har fler än 5100 rader" in figures["outcome"]
    assert figures["peak_rss_kib"] < 150 * 1024  # the 10 MB file and its decoded text included


def test_a_broken_sheet_is_refused_not_a_server_error():
    content = bomb(dimension='<dimension ref="A1:A1"/>', rows='<row r="1"><c r="A1"><v>1')
    assert "kunde inte läsas" in _refusal(content)
