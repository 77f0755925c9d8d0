"""Uploaded tables (.xlsx or CSV) read into rows keyed by column, bounded like a spreadsheet.

Reading knows nothing of the database: it returns (row number, {column key: cell}) pairs
with the row numbers a spreadsheet or text editor shows, so every error can name its row and
column. Price lists (agreements/price_files.py) and ledger invoice files
(finance/invoice_import.py) read through it.
"""

import csv
import io

from registry.core.spreadsheets import SpreadsheetError, too_many_rows, xlsx_rows


def read_table(content, *, max_rows, max_columns):
    """Return [(row number, [cells])] of .xlsx or CSV bytes; refuse (SpreadsheetError) others."""
    if content.startswith(b"PK\x03\x04"):
        return xlsx_rows(content, max_rows=max_rows, max_columns=max_columns)
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError("Filen är i det gamla Excel-formatet (.xls). Spara den som "
                               ".xlsx eller .csv och försök igen.")
    return _csv_table(decode_text(content), max_rows, max_columns)


def keyed_rows(table, header_key, max_rows):
    """Return (headers {key: column name}, [(row number, {key: cell})]) below the header row.

    The header row is the first row with any text; `header_key(text)` names its columns (None:
    a column nobody reads). Blank rows are left out.
    """
    numbered = [(n, row) for n, row in table if any(present(cell) for cell in row)]
    if not numbered:
        raise SpreadsheetError("Filen är tom.")
    _, header = numbered[0]
    keys = [header_key(cell) for cell in header]
    names = {key: str(cell).strip() for key, cell in zip(keys, header, strict=True) if key}
    if len(numbered) - 1 > max_rows:
        raise SpreadsheetError(f"Filen har fler än {max_rows} rader. Dela upp den.")
    rows = [(number, {key: row[index] if index < len(row) else None
                      for index, key in enumerate(keys) if key})
            for number, row in numbered[1:]]
    return names, rows


def header_name(text):
    """Return a header's text folded for comparison: no brackets, single spaces, lower case."""
    return " ".join(str(text or "").replace("(", " ").replace(")", " ").split()).lower()


def present(cell):
    """Return True when a cell holds anything but blanks."""
    return cell is not None and str(cell).strip() != ""


def _csv_table(text, max_rows, max_columns):
    end = text.find("\n")
    first_line = text if end < 0 else text[:end]  # no copy of the rest of a large file
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    table = []
    try:
        for row in reader:  # bounded like a sheet: a 20 MB file of blank lines stops early
            if len(table) == max_rows:
                raise SpreadsheetError(too_many_rows(max_rows))
            table.append((reader.line_num, row[:max_columns]))
    except csv.Error as exc:
        raise SpreadsheetError("Filen kunde inte läsas som CSV.") from exc
    return table


def decode_text(content):
    """Decode UTF-8 (with or without BOM), else Windows-1252 as older Swedish Excel saves."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise SpreadsheetError("Filen är varken en Excel-fil eller en textfil "
                                   "(CSV).") from exc
