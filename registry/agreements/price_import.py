"""Price import: every row is checked first, every error listed, nothing saved unless all pass."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from registry.agreements.price_files import COLUMNS, REQUIRED_COLUMNS, PriceFileError, read_rows
from registry.agreements.prices import (
    PriceDraft,
    conflicting_items,
    describe_period,
    insert_prices,
    periods_overlap,
)
from registry.core.dates import parse_iso_date
from registry.core.forms import personnummer_message
from registry.core.identifiers import contains_personnummer, normalise_org_number
from registry.core.money import MoneyError, parse_money
from registry.extensions import db
from registry.providers.models import Provider, ServiceType


@dataclass(frozen=True)
class RowError:
    """One problem in the file: the row a spreadsheet shows, the column's name and why."""

    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    errors: list
    drafts: list
    items: list

    @property
    def ok(self):
        return not self.errors


def import_prices(agreement, content, user):
    """Check every row of a price file; save them all only when none has an error."""
    try:
        names, rows = read_rows(content)
    except PriceFileError as exc:
        return ImportResult([RowError(0, "", str(exc))], [], [])
    errors = _missing_columns(names)
    if errors:
        return ImportResult(errors, [], [])
    checker = _RowChecker(agreement, names)
    drafts = [(number, checker.check(number, cells)) for number, cells in rows]
    drafts = [(number, draft) for number, draft in drafts if draft is not None]
    checker.check_overlaps(drafts)
    if checker.errors:
        errors = sorted(checker.errors, key=lambda error: error.row)
        return ImportResult(errors, [d for _, d in drafts], [])
    items = insert_prices(agreement, [d for _, d in drafts], user)
    return ImportResult([], [d for _, d in drafts], items)


def _missing_columns(names):
    return [RowError(1, COLUMNS[key], f"Kolumnen ”{COLUMNS[key]}” saknas i rubrikraden.")
            for key in REQUIRED_COLUMNS if key not in names]


class _RowChecker:
    """Check rows against the agreement, collecting every error instead of stopping."""

    def __init__(self, agreement, names):
        self.agreement = agreement
        self.names = {key: names.get(key, header) for key, header in COLUMNS.items()}
        self.errors = []
        self.on_agreement = {row.provider.org_number: row.provider_id
                             for row in agreement.providers}
        self.services = _service_lookup()

    def error(self, number, key, message):
        self.errors.append(RowError(number, self.names[key], message))

    def check(self, number, cells):
        """Return a PriceDraft for a good row, else None (its errors recorded)."""
        before = len(self.errors)
        values = {
            "provider_id": self._provider(number, cells.get("org_number")),
            "service_type_id": self._service(number, cells.get("service")),
            "addon": self._addon(number, cells.get("addon")),
            "valid_from": self._date(number, "valid_from", cells.get("valid_from"), True),
            "valid_to": self._date(number, "valid_to", cells.get("valid_to"), False),
            "price_ore": self._price(number, cells.get("price")),
        }
        if values["valid_from"] and values["valid_to"] and \
                values["valid_to"] < values["valid_from"]:
            self.error(number, "valid_to", "Slutdatumet ligger före startdatumet.")
        return PriceDraft(**values) if len(self.errors) == before else None

    def _addon(self, number, cell):
        """Return the add-on's text; a personnummer in it is refused (the forms' rule)."""
        text = str(cell or "").strip()
        if contains_personnummer(text):
            self.error(number, "addon", personnummer_message(self.names["addon"]))
        return text[:80]

    def _provider(self, number, cell):
        try:
            org_number = normalise_org_number(str(cell or "").strip())
        except ValueError as exc:
            return self.error(number, "org_number", str(exc))
        provider_id = self.on_agreement.get(org_number)
        if provider_id is None:
            known = db.session.scalar(select(Provider.id).where(
                Provider.org_number == org_number))
            message = ("Utföraren finns inte på avtalet." if known else
                       "Ingen utförare med det organisationsnumret finns i registret.")
            return self.error(number, "org_number", message)
        return provider_id

    def _service(self, number, cell):
        text = str(cell or "").strip()
        if not text:
            return self.error(number, "service", "Ange insatsen (kod eller namn).")
        service_id = self.services.get(text.casefold())
        if service_id is None:
            return self.error(number, "service", f"Okänd insats ”{text}”.")
        return service_id

    def _date(self, number, key, cell, required):
        if isinstance(cell, datetime):
            return cell.date()
        if isinstance(cell, date):
            return cell
        if cell is None or not str(cell).strip():
            return self.error(number, key, "Ange ett datum.") if required else None
        try:
            return parse_iso_date(cell)
        except ValueError as exc:
            return self.error(number, key, str(exc))

    def _price(self, number, cell):
        try:
            ore = cell_to_ore(cell)
        except MoneyError as exc:
            return self.error(number, "price", str(exc))
        if ore <= 0:
            return self.error(number, "price", "Priset måste vara större än noll.")
        return ore

    def check_overlaps(self, drafts):
        """Refuse rows that overlap an existing price or another row of the same item."""
        for index, (number, draft) in enumerate(drafts):
            existing = conflicting_items(self.agreement.id, draft)
            if existing:
                self.error(number, "valid_from", "Perioden överlappar ett befintligt pris "
                           f"({describe_period(existing[0])}).")
            for other_number, other in drafts[:index]:
                if _same_item(draft, other) and periods_overlap(
                        draft.valid_from, draft.valid_to, other.valid_from, other.valid_to):
                    self.error(number, "valid_from",
                               f"Perioden överlappar rad {other_number} för samma pris.")


def _same_item(first, second):
    return (first.provider_id, first.service_type_id, first.addon) == (
        second.provider_id, second.service_type_id, second.addon)


def _service_lookup():
    """Return {code or name, case-folded: service type id}."""
    lookup = {}
    for service in db.session.scalars(select(ServiceType)):
        lookup[service.code.casefold()] = service.id
        lookup[service.name.casefold()] = service.id
    return lookup


def cell_to_ore(cell):
    """Return öre from a spreadsheet number or a Swedish amount text; refuse anything else."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        raise MoneyError("Ange ett pris.")
    if isinstance(cell, bool):
        raise MoneyError("Ange ett pris i kronor.")
    if isinstance(cell, (int, float, Decimal)):
        try:
            amount = Decimal(str(cell))
            exact = amount == amount.quantize(Decimal("0.01"))
        except InvalidOperation as exc:
            raise MoneyError("Ange ett pris i kronor.") from exc
        if not exact:
            raise MoneyError("Priset får ha högst två decimaler (hela ören).")
        return int(amount * 100)
    return parse_money(str(cell))
