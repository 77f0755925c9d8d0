"""Excel and CSV files for download: formula-safe, robust to control characters.

One place for the rules every export follows: a text cell that starts with = + - @ (or a
tab/carriage return), also in a full-width or other compatibility form (＝ ﹢ ⁻ ＠, which NFKC
folds into them) or behind spaces and invisible characters, is written as text with a leading
apostrophe, so a spreadsheet never runs it as a formula; control characters that Excel
refuses are removed. Sheet names
(`sheet_name`) and download file names (`attachment`) are made safe here from any text.
"""

import csv
import io
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote

import xlsxwriter
from flask import Response
from werkzeug.utils import secure_filename

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKBOOK_OPTIONS = {"constant_memory": True, "strings_to_formulas": False,
                    "strings_to_urls": False, "strings_to_numbers": False,
                    "remove_timezone": True, "nan_inf_to_errors": True}


def safe_text(value):
    """Return text that no spreadsheet will read as a formula."""
    text = _ILLEGAL.sub("", str(value))
    if _reads_as_formula(text):
        return "'" + text
    return text


def _reads_as_formula(text):
    """Return True when the text starts like a formula, in any NFKC-equivalent form."""
    if text.startswith(_FORMULA_START):
        return True
    start = unicodedata.normalize("NFKC", text[:32])
    start = "".join(c for c in start if not _invisible(c)).lstrip()
    return start.startswith((*_FORMULA_START, "\u2212"))  # ₋ folds into the minus sign


_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _invisible(character):
    return unicodedata.category(character) in _INVISIBLE


def printable(text):
    """Return the text NFKC-normalised without control, format or unassigned characters.

    Removes bidi controls (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C), zero-width
    characters, line separators and every other character that is not seen but changes
    what is seen, as a file name must never hold (`x\u202egpj.pdf` shows as `xfdp.jpg`).
    """
    normalised = unicodedata.normalize("NFKC", str(text or ""))
    return "".join(c for c in normalised if not _invisible(c))


# Excel refuses these in a sheet name, a name over 31 characters, an empty one, one that
# starts or ends with an apostrophe, and the name "History" (it keeps it for itself).
_SHEET_REFUSED = re.compile(r"[\x00-\x1f\x7f\[\]:*?/\\]")
SHEET_NAME_MAX = 31


def sheet_name(text, fallback="Data"):
    """Return a worksheet name Excel, XlsxWriter and openpyxl accept, made from any text.

    Refused characters become spaces; leading formula characters (= + - @) and apostrophes
    are dropped, so the name is never read as a formula; at most 31 characters (UTF-16 units,
    as Excel counts); never empty.
    """
    name = " ".join(_SHEET_REFUSED.sub(" ", str(text or "")).split())
    name = _excel_prefix(name.lstrip("=+-@' "), SHEET_NAME_MAX).rstrip("' ")
    if not name or name.casefold() == "history":
        return fallback
    return name


def _excel_prefix(text, limit):
    """Return the longest prefix of `text` of at most `limit` UTF-16 units, as Excel counts."""
    used = 0
    for index, character in enumerate(text):
        used += 2 if ord(character) > 0xFFFF else 1
        if used > limit:
            return text[:index]
    return text


def safe_cell(value):
    """Keep numbers, booleans and dates as they are; make every text formula-safe."""
    if value is None or isinstance(value, (bool, int, float, Decimal, date, datetime)):
        return value
    return safe_text(value)


def xlsx_bytes(headers, rows, sheet_title="Data", number_formats=None):
    """Build an .xlsx with a bold header row; number_formats maps column index to a format.

    XlsxWriter in constant-memory mode writes each row to a temporary file as it comes, so
    memory stays flat however many rows an export has (and it is several times faster than
    building the workbook in memory). Every text is written as text, never as a formula.
    """
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    sheet = workbook.add_worksheet(sheet_name(sheet_title))
    sheet.write_row(0, 0, [safe_text(h) for h in headers], workbook.add_format({"bold": True}))
    sheet.freeze_panes(1, 0)
    formats = {i: workbook.add_format({"num_format": f})
               for i, f in (number_formats or {}).items()}
    defaults = {datetime: workbook.add_format({"num_format": "yyyy-mm-dd h:mm:ss"}),
                date: workbook.add_format({"num_format": "yyyy-mm-dd"})}
    for index, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            _write(sheet, index, column, safe_cell(value), formats.get(column), defaults)
    workbook.close()
    return buffer.getvalue()


def _write(sheet, row, column, value, cell_format, defaults):
    if value is None:
        if cell_format is not None:
            sheet.write_blank(row, column, None, cell_format)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value, cell_format)
    elif isinstance(value, (int, float, Decimal)):
        sheet.write_number(row, column, float(value), cell_format)
    elif isinstance(value, date):  # datetime too
        kind = datetime if isinstance(value, datetime) else date
        sheet.write_datetime(row, column, value, cell_format or defaults[kind])
    else:
        sheet.write_string(row, column, value, cell_format)


def csv_cell(value):
    """Return a CSV field: empty for None, decimal comma for fractions, formula-safe text."""
    if value is None:
        return ""
    if isinstance(value, (float, Decimal)) and not isinstance(value, bool):
        return format(value, "f").replace(".", ",")
    return safe_cell(value)


def csv_bytes(headers, rows):
    """Build a CSV that Swedish Excel opens: UTF-8 with BOM, semicolon, decimal comma."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_text(h) for h in headers])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def attachment(filename, fallback="fil"):
    """Return a Content-Disposition value for saving `filename` (RFC 6266), from any text.

    `filename` is an ASCII slug (Werkzeug's secure_filename: å becomes a, no quotes, no path,
    no control characters); bidi and other invisible characters are removed first
    (`printable`); when the text had other characters it also goes out whole,
    percent-encoded, as `filename*` (RFC 5987), which browsers prefer.
    """
    text = printable(filename).strip()
    plain = secure_filename(text) or fallback
    header = f'attachment; filename="{plain}"'
    if text and text != plain:
        header += f"; filename*=UTF-8''{quote(text, safe='')}"
    return header


def download(content, filename, mimetype):
    """Return a download response that is never cached and never sniffed."""
    return Response(content, mimetype=mimetype, headers={
        "Content-Disposition": attachment(filename),
        "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


def frame_file(frame, fmt, sheet_title="Data", money=(), dates=()):
    """Return (bytes, mimetype, extension) of a DataFrame as xlsx or csv.

    The frame's column names are the headers; `money` names columns already in kronor,
    `dates` date columns, so Excel shows them as kr and dates.
    """
    headers = [str(column) for column in frame.columns]
    rows = [[_plain(value) for value in row] for row in frame.itertuples(index=False)]
    if fmt == "csv":
        return csv_bytes(headers, rows), CSV_MIME, "csv"
    formats = {i: KR_FORMAT for i, h in enumerate(headers) if h in money}
    formats.update({i: DATE_FORMAT for i, h in enumerate(headers) if h in dates})
    return xlsx_bytes(headers, rows, sheet_title, formats), XLSX_MIME, "xlsx"


def _plain(value):
    """Return a pandas cell as a plain Python value (NaN and NaT become empty)."""
    if value is None or (not isinstance(value, str) and _is_missing(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _is_missing(value):
    try:
        return value != value  # NaN, NaT
    except (TypeError, ValueError):
        return False


CSV_MIME = "text/csv; charset=utf-8"
# Excel number formats for the registry's kinds of value.
KR_FORMAT = '#,##0.00 "kr"'
DATE_FORMAT = "yyyy-mm-dd"
