"""Reading uploaded .xlsx files with bounded memory and time, whatever the file claims.

An .xlsx is a zip of XML. A 1.5 KB file can declare a sheet of 200 000 × 16 384 cells
(`<dimension ref="A1:XFD200000"/>`), or pack hundreds of megabytes of XML. Before openpyxl
sees the file the zip's entries are checked (unpacked size, packing ratio); the workbook is
opened read-only (streamed, never built in memory); the declared size is refused when it is
beyond the limits; and rows are read with a bounded counter and a bounded width, so neither
a lying dimension nor stray far-away cells can make a loop long or a row wide.
"""

import io
import zipfile
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

# The most a workbook may unpack to in all, and the packing ratio above which one large
# entry is taken for a zip bomb (real sheets pack 5–30 times; 5 000 rows are a few MB).
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 500
SUSPICIOUS_RATIO = 200
RATIO_CHECKED_FROM_BYTES = 1024 * 1024

UNREADABLE = "Filen kunde inte läsas som en Excel-fil (.xlsx)."


class SpreadsheetError(ValueError):
    """The workbook is refused before or while it is read; the message is for the user."""


def xlsx_rows(content, *, max_rows, max_columns):
    """Return [(row number, [values])] of the first sheet, at most max_rows rows wide max_columns.

    Refuses (SpreadsheetError, a Swedish message) a suspicious zip, a sheet that declares
    more rows or columns than allowed, and a sheet that holds more rows than allowed.
    """
    _check_archive(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True,
                                 keep_links=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError,
            TypeError, ParseError) as exc:
        raise SpreadsheetError(UNREADABLE) from exc
    try:
        if not workbook.worksheets:
            raise SpreadsheetError(UNREADABLE)
        sheet = workbook.worksheets[0]
        _check_declared_size(sheet, max_rows, max_columns)
        return _bounded_rows(sheet, max_rows, max_columns)
    except SpreadsheetError:
        raise
    except (KeyError, OSError, TypeError, ValueError, ParseError, zipfile.BadZipFile) as exc:
        raise SpreadsheetError(UNREADABLE) from exc  # a cell or part openpyxl cannot read
    finally:
        workbook.close()


def _check_archive(content):
    """Refuse a zip that unpacks to far more than a price list could need."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SpreadsheetError(UNREADABLE) from exc
    if len(entries) > MAX_ENTRIES:
        raise SpreadsheetError(f"Filen innehåller fler än {MAX_ENTRIES} delar och läses inte.")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        raise SpreadsheetError(
            f"Filen är för stor uppackad ({unpacked // (1024 * 1024)} MB, högst "
            f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB). Spara bara prislistan i filen.")
    for entry in entries:
        if entry.file_size >= RATIO_CHECKED_FROM_BYTES and (
                entry.file_size > SUSPICIOUS_RATIO * max(entry.compress_size, 1)):
            raise SpreadsheetError("Filen är packad på ett sätt som inte liknar en vanlig "
                                   "Excel-fil och läses inte. Spara den på nytt i Excel.")


def _check_declared_size(sheet, max_rows, max_columns):
    """Refuse a sheet whose own dimension says it is larger than allowed."""
    rows, columns = sheet.max_row, sheet.max_column  # from <dimension>, None when absent
    if rows is not None and rows > max_rows:
        raise SpreadsheetError(too_many_rows(max_rows))
    if columns is not None and columns > max_columns:
        raise SpreadsheetError(too_many_columns(max_columns))


def _bounded_rows(sheet, max_rows, max_columns):
    """Read at most max_rows + 1 rows (the extra one proves the sheet is too long)."""
    rows = []
    width = min(sheet.max_column or max_columns, max_columns)
    numbered = enumerate(sheet.iter_rows(min_row=1, max_row=max_rows + 1, min_col=1,
                                         max_col=width, values_only=True), start=1)
    for number, row in numbered:
        if number > max_rows:
            raise SpreadsheetError(too_many_rows(max_rows))
        rows.append((number, list(row)))
    return rows


def too_many_rows(max_rows):
    """Return the refusal of a sheet with more than max_rows rows."""
    return (f"Filen har fler än {max_rows} rader (rubrikrader och tomma rader medräknade). "
            "Dela upp filen.")


def too_many_columns(max_columns):
    """Return the refusal of a sheet with more than max_columns columns."""
    return (f"Bladet har fler än {max_columns} kolumner. Ta bort kolumner som inte behövs "
            "och försök igen.")
