"""Price list files: read .xlsx or CSV into rows of cells; write the list as Excel.

Reading knows nothing of the database: it returns (row number, {column: cell}) pairs with
the row numbers a spreadsheet shows, so every error can name its row and column.
"""

import csv
import io

from registry.core.exports import DATE_FORMAT, KR_FORMAT, xlsx_bytes
from registry.core.spreadsheets import SpreadsheetError, too_many_rows, xlsx_rows

COLUMNS = {  # key -> header as written in files we produce
    "org_number": "Organisationsnummer",
    "service": "Insats",
    "addon": "Tillägg",
    "valid_from": "Gäller från",
    "valid_to": "Gäller till",
    "price": "Pris (kr)",
}
REQUIRED_COLUMNS = ("org_number", "service", "valid_from", "price")
ALIASES = {"orgnr": "org_number", "organisationsnr": "org_number", "insatstyp": "service",
           "tillagg": "addon", "pris": "price", "pris kr": "price", "giltig från": "valid_from",
           "giltig till": "valid_to", "gäller till och med": "valid_to"}
MAX_ROWS = 5000
# A sheet or CSV is read no further than this (header, title and blank rows included) and
# no wider: the export has 9 columns, a price list needs 6.
MAX_SHEET_ROWS = MAX_ROWS + 100
MAX_SHEET_COLUMNS = 30


class PriceFileError(ValueError):
    """The file as a whole cannot be read (not .xlsx or CSV, no header, too many rows)."""


def _header_key(text):
    name = " ".join(str(text or "").replace("(", " ").replace(")", " ").split()).lower()
    for key, header in COLUMNS.items():
        if name == " ".join(header.replace("(", " ").replace(")", " ").split()).lower():
            return key
    return ALIASES.get(name)


def read_rows(content):
    """Return (headers {key: column name}, [(row number, {key: cell})]) from .xlsx or CSV bytes."""
    if content.startswith(b"PK\x03\x04"):
        table = _xlsx_table(content)
    elif content.startswith(b"\xd0\xcf\x11\xe0"):
        raise PriceFileError("Filen är i det gamla Excel-formatet (.xls). Spara den som .xlsx "
                             "eller .csv och försök igen.")
    else:
        table = _csv_table(content)
    return _rows(table)


def _rows(table):
    numbered = [(n, row) for n, row in table if any(_present(cell) for cell in row)]
    if not numbered:
        raise PriceFileError("Filen är tom.")
    header_number, header = numbered[0]
    keys = [_header_key(cell) for cell in header]
    names = {key: str(cell).strip() for key, cell in zip(keys, header, strict=True) if key}
    if len(numbered) - 1 > MAX_ROWS:
        raise PriceFileError(f"Filen har fler än {MAX_ROWS} rader. Dela upp den.")
    rows = []
    for number, row in numbered[1:]:
        cells = {key: row[index] if index < len(row) else None
                 for index, key in enumerate(keys) if key}
        rows.append((number, cells))
    return names, rows


def _present(cell):
    return cell is not None and str(cell).strip() != ""


def _xlsx_table(content):
    """Read the first sheet, bounded before and while it is parsed (core/spreadsheets.py)."""
    try:
        return xlsx_rows(content, max_rows=MAX_SHEET_ROWS, max_columns=MAX_SHEET_COLUMNS)
    except SpreadsheetError as exc:
        raise PriceFileError(str(exc)) from exc


def _csv_table(content):
    text = _decode(content)
    end = text.find("\n")
    first_line = text if end < 0 else text[:end]  # no copy of the rest of a large file
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    table = []
    try:
        for row in reader:  # bounded like a sheet: a 20 MB file of blank lines stops early
            if len(table) == MAX_SHEET_ROWS:
                raise PriceFileError(too_many_rows(MAX_SHEET_ROWS))
            table.append((reader.line_num, row[:MAX_SHEET_COLUMNS]))
    except csv.Error as exc:
        raise PriceFileError("Filen kunde inte läsas som CSV.") from exc
    return table


def _decode(content):
    """Decode UTF-8 (with or without BOM), else Windows-1252 as older Swedish Excel saves."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise PriceFileError("Filen är varken en Excel-fil eller en textfil (CSV).") from exc


EXPORT_HEADERS = ["Utförare", COLUMNS["org_number"], COLUMNS["service"], "Enhet",
                  COLUMNS["addon"], COLUMNS["valid_from"], COLUMNS["valid_to"],
                  COLUMNS["price"], "Status"]


def price_list_xlsx(rows, title):
    """Return the price list as .xlsx bytes; the columns can be imported again."""
    formats = {5: DATE_FORMAT, 6: DATE_FORMAT, 7: KR_FORMAT}
    return xlsx_bytes(EXPORT_HEADERS, rows, sheet_title=title, number_formats=formats)
