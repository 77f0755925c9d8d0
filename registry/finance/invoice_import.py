"""Invoice import from the ledger's export: every row checked, nothing saved unless all pass.

The file is .xlsx or CSV (UTF-8, with or without BOM, else Windows-1252), one invoice a row
under a header row with these columns (order free, names as below or a listed alias):

* Leverantörens organisationsnummer: the provider's, NNNNNN-NNNN;
* Fakturanummer;
* Period: a calendar month, ÅÅÅÅ-MM (an Excel date on the 1st counts as its month), or the
  first and last invoiced day, ÅÅÅÅ-MM-DD–ÅÅÅÅ-MM-DD. A month covers the placement's care
  days in it, so a placement that started or ended within the month is not refused;
* Dygn eller timmar: the invoiced quantity in the placement's unit;
* Belopp (kr): Swedish format, "4 300,00" (or a number cell);
* Ärendereferens: the municipality's own case reference.

Each good row is registered and reconciled by the same service as the form
(services/invoices.py), all of them inside one savepoint: a single error anywhere undoes the
lot, and the errors are listed by row and column. A case reference of another municipality
is "okänd ärendereferens", exactly as one that does not exist.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from registry.agreements.price_import import RowError, cell_to_ore
from registry.core import audit
from registry.core.dates import add_months, parse_iso_date
from registry.core.forms import personnummer_message
from registry.core.identifiers import contains_personnummer, normalise_org_number
from registry.core.money import MoneyError
from registry.core.refusal import Refused
from registry.core.spreadsheets import SpreadsheetError
from registry.core.tables import header_name, keyed_rows, present, read_table
from registry.extensions import db
from registry.finance.services import invoices as service

COLUMNS = {  # key -> header as documented on the page
    "org_number": "Leverantörens organisationsnummer",
    "invoice_number": "Fakturanummer",
    "period": "Period",
    "quantity": "Dygn eller timmar",
    "amount": "Belopp (kr)",
    "case_reference": "Ärendereferens",
}
ALIASES = {"organisationsnummer": "org_number", "orgnr": "org_number",
           "leverantör orgnr": "org_number", "org.nr": "org_number",
           "leverantörens orgnr": "org_number", "fakturanr": "invoice_number",
           "faktura": "invoice_number", "fakturaperiod": "period", "dygn": "quantity",
           "timmar": "quantity", "antal": "quantity", "belopp": "amount",
           "fakturabelopp": "amount", "summa": "amount", "ärende": "case_reference",
           "referens": "case_reference", "er referens": "case_reference"}
MAX_ROWS = 2000
MAX_SHEET_ROWS = MAX_ROWS + 100
MAX_SHEET_COLUMNS = 40
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:–|—|-|/|till)\s*(\d{4}-\d{2}-\d{2})$")
FIELD_COLUMN = {"org_number": "org_number", "invoice_number": "invoice_number",
                "period_start": "period", "period_end": "period", "days": "quantity",
                "amount": "amount", "case_reference": "case_reference"}


@dataclass
class ImportResult:
    errors: list = field(default_factory=list)
    saved: list = field(default_factory=list)  # services.invoices.Saved, in file order

    @property
    def ok(self):
        return not self.errors

    @property
    def flagged(self):
        return [saved for saved in self.saved if not saved.check.agrees]


class _Undo(Exception):
    """Raised inside the savepoint to undo every row registered so far."""


def import_invoices(content, settings):
    """Check, register and reconcile every invoice of a ledger file; all rows or none."""
    try:
        table = read_table(content, max_rows=MAX_SHEET_ROWS, max_columns=MAX_SHEET_COLUMNS)
        names, rows = keyed_rows(table, _header_key, MAX_ROWS)
    except SpreadsheetError as exc:
        return ImportResult([RowError(0, "", str(exc))])
    missing = [RowError(1, header, f"Kolumnen ”{header}” saknas i rubrikraden.")
               for key, header in COLUMNS.items() if key not in names]
    if missing:
        return ImportResult(missing)
    result = ImportResult()
    try:
        with db.session.begin_nested():
            _register_all(rows, {**COLUMNS, **names}, settings, result)
            if result.errors:
                raise _Undo
            # each invoice has its own create event with the same request id
            audit.record("create", "invoice_imports", changes={
                "rows": len(rows), "sha256": hashlib.sha256(content).hexdigest()})
    except _Undo:
        result.saved = []
    return result


def _register_all(rows, names, settings, result):
    for number, cells in rows:
        before = len(result.errors)
        row = _Row(number, names, result.errors)
        values = row.values(cells)
        if len(result.errors) > before:
            continue
        try:
            result.saved.append(service.register_for_case(values, settings))
        except Refused as refusal:
            for name, message in refusal.problems:
                row.error(FIELD_COLUMN.get(name, "invoice_number"), message)


def _header_key(text):
    name = header_name(text)
    for key, header in COLUMNS.items():
        if name == header_name(header):
            return key
    return ALIASES.get(name)


class _Row:
    """One row's cells turned into the service's values, every error recorded."""

    def __init__(self, number, names, errors):
        self.number, self.names, self.errors = number, names, errors

    def error(self, key, message):
        self.errors.append(RowError(self.number, self.names[key], message))

    def values(self, cells):
        reference = str(cells.get("case_reference") or "").strip()
        first, last = self._period(cells.get("period"))
        return {"case_reference": reference, "org_number": self._org(cells.get("org_number")),
                "whole_month": _is_month(cells.get("period")),
                "invoice_number": self._number(cells.get("invoice_number")),
                "period_start": first, "period_end": last,
                "days": self._quantity(cells.get("quantity")),
                "amount_ore": self._amount(cells.get("amount")),
                "received_on": None, "note": ""}

    def _org(self, cell):
        try:
            return normalise_org_number(str(cell or "").strip())
        except ValueError as exc:
            return self.error("org_number", str(exc))

    def _number(self, cell):
        text = _text(cell)
        if not text:
            return self.error("invoice_number", "Ange fakturanumret.")
        if len(text) > 60:
            return self.error("invoice_number", "Fakturanumret får vara högst 60 tecken.")
        if contains_personnummer(text):  # a file has no form to check it
            return self.error("invoice_number", personnummer_message("Fakturanumret"))
        return text

    def _period(self, cell):
        try:
            return period_of(cell)
        except ValueError as exc:
            self.error("period", str(exc))
            return None, None

    def _quantity(self, cell):
        text = _text(cell).replace(" ", "").replace("\u00a0", "")
        if text.endswith(",0") or text.endswith(".0"):
            text = text[:-2]
        if not text.isdigit() or not 0 <= int(text) <= 9999:
            return self.error("quantity", "Ange antalet dygn eller timmar som ett heltal, "
                                          "0–9999.")
        return int(text)

    def _amount(self, cell):
        if not present(cell):
            return self.error("amount", "Ange fakturans belopp.")
        try:
            ore = cell_to_ore(cell)
        except MoneyError as exc:
            return self.error("amount", str(exc))
        if ore < 0:
            return self.error("amount", "Ange fakturans belopp, 0 kr eller mer.")
        return ore


def period_of(cell):
    """Return (first, last) of a Period cell: a month ÅÅÅÅ-MM or ÅÅÅÅ-MM-DD–ÅÅÅÅ-MM-DD."""
    if isinstance(cell, datetime):
        cell = cell.date()
    if isinstance(cell, date):
        if cell.day != 1:
            raise ValueError("Ange perioden som ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD–ÅÅÅÅ-MM-DD.")
        return cell, add_months(cell, 1) - timedelta(days=1)
    text = _text(cell)
    month = MONTH.match(text)
    if month and 1 <= int(month.group(2)) <= 12:
        first = date(int(month.group(1)), int(month.group(2)), 1)
        return first, add_months(first, 1) - timedelta(days=1)
    span = RANGE.match(text)
    if not span:
        raise ValueError("Ange perioden som ÅÅÅÅ-MM (en månad) eller "
                         "ÅÅÅÅ-MM-DD–ÅÅÅÅ-MM-DD.")
    first, last = parse_iso_date(span.group(1)), parse_iso_date(span.group(2))
    if last < first:
        raise ValueError("Periodens sista dag ligger före dess första dag.")
    return first, last


def _is_month(cell):
    return isinstance(cell, (date, datetime)) or bool(MONTH.match(_text(cell)))


def _text(cell):
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return "" if cell is None else str(cell).strip()
