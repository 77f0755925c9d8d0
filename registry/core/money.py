"""Money as integer öre: parse Swedish input; öre -> kronor and Swedish numbers, in one place.

Every page, form field, message, chart, export and API document that shows money or a
decimal number goes through this module: `kronor` for an exact value (spreadsheet cells,
JSON), `format_amount`/`format_money` for text (Babel, sv_SE: no-break-space grouping and a
decimal comma) and `format_number` for other decimals. No money path divides by 100 as a
float.
"""

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


def kronor(ore):
    """Return öre as exact kronor (a Decimal; None stays None)."""
    return None if ore is None else Decimal(int(ore)) / 100


def format_amount(ore, locale="sv_SE", whole=False):
    """Format öre as '4 500' or '4 500,50' (no-break space), as a money field shows it.

    Öre are shown only when there are any; `whole` drops them (rounding down), for charts.
    """
    if ore is None:
        return ""
    if whole:
        ore -= ore % 100
    pattern = "#,##0" if ore % 100 == 0 else "#,##0.00"
    return format_decimal(kronor(ore), format=pattern, locale=locale)


def format_money(ore, locale="sv_SE", whole=False):
    """Format öre as '4 500 kr' (no-break spaces), with öre only when there are any."""
    if ore is None:
        return ""
    return f"{format_amount(ore, locale, whole)}\u00a0kr"


UNIT_SUFFIX = {"day": "dygn", "hour": "timme", "programme": "program", "month": "månad"}
UNIT_LABELS = {"day": "per dygn", "hour": "per timme", "programme": "per program",
               "month": "per månad"}
UNIT_QUANTITY = {"day": "dygn", "hour": "timmar", "programme": "program", "month": "dygn"}


def format_rate(ore, unit="day"):
    """Format a price with what it buys: '4 300 kr/dygn', '45 000 kr/program'."""
    if ore is None:
        return ""
    return f"{format_money(ore)}/{UNIT_SUFFIX.get(unit or 'day', unit)}"


def format_number(value, digits=None, locale="sv_SE"):
    """Format a decimal number the Swedish way: '72,5'; `digits` fixes the decimals, None
    shows as many as needed (up to six). No grouping, as in a form field."""
    if value is None:
        return ""
    pattern = "0." + ("0" * digits if digits is not None else "#" * 6)
    return format_decimal(value, format=pattern.rstrip("."), locale=locale)
