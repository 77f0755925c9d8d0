"""Money as integer öre: parse Swedish input, format for the page."""

import re
from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal

_SPACES = re.compile(r"[\s\u00a0\u202f]")
_SWEDISH = re.compile(r"^-?\d+(,\d{1,2})?$")
# No amount in the registry comes near this (a trillion kronor); anything larger is a typing
# slip, and the database's 64-bit integers would refuse it with an error instead of a message.
MAX_KRONOR = 10**12


class MoneyError(ValueError):
    """Raised when a money string cannot be read exactly."""


def parse_money(text):
    """Parse '4 500', '4 500,50', '4 500 kr' or '−200' into integer öre."""
    raw = str(text).strip().replace("\u2212", "-")
    raw = re.sub(r"\s*(kr|kronor|sek)\.?$", "", raw, flags=re.IGNORECASE)
    raw = _SPACES.sub("", raw)
    if "." in raw:
        raise MoneyError("Skriv belopp med decimalkomma, till exempel 4 500,50.")
    if not _SWEDISH.match(raw):
        raise MoneyError("Ange ett belopp i kronor, till exempel 4 500 eller 4 500,50.")
    try:
        amount = Decimal(raw.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise MoneyError("Ange ett belopp i kronor.") from exc
    if abs(amount) >= MAX_KRONOR:
        raise MoneyError("Beloppet är orimligt stort. Kontrollera siffrorna.")
    return int(amount * 100)


def format_money(ore, locale="sv_SE"):
    """Format öre as '4 500 kr' (no-break space), with öre only when there are any."""
    if ore is None:
        return ""
    kronor = Decimal(ore) / 100
    pattern = "#,##0" if ore % 100 == 0 else "#,##0.00"
    return f"{format_decimal(kronor, format=pattern, locale=locale)}\u00a0kr"
