"""Price list files: read .xlsx or CSV into rows of cells; write the list as Excel.

Reading knows nothing of the database: it returns (row number, {column: cell}) pairs with
the row numbers a spreadsheet shows, so every error can name its row and column.
"""

from registry.core.exports import DATE_FORMAT, KR_FORMAT, xlsx_bytes
from registry.core.spreadsheets import SpreadsheetError
from registry.core.tables import header_name, keyed_rows, read_table

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
    name = header_name(text)
    for key, header in COLUMNS.items():
        if name == header_name(header):
            return key
    return ALIASES.get(name)


def read_rows(content):
    """Return (headers {key: column name}, [(row number, {key: cell})]) from .xlsx or CSV bytes."""
    try:
        table = read_table(content, max_rows=MAX_SHEET_ROWS, max_columns=MAX_SHEET_COLUMNS)
        return keyed_rows(table, _header_key, MAX_ROWS)
    except SpreadsheetError as exc:  # bounded before and while parsed (core/spreadsheets.py)
        raise PriceFileError(str(exc)) from exc


EXPORT_HEADERS = ["Utförare", COLUMNS["org_number"], COLUMNS["service"], "Enhet",
                  COLUMNS["addon"], COLUMNS["valid_from"], COLUMNS["valid_to"],
                  COLUMNS["price"], "Status"]


def price_list_xlsx(rows, title):
    """Return the price list as .xlsx bytes; the columns can be imported again."""
    formats = {5: DATE_FORMAT, 6: DATE_FORMAT, 7: KR_FORMAT}
    return xlsx_bytes(EXPORT_HEADERS, rows, sheet_title=title, number_formats=formats)
