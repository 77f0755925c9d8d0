"""Swedish identifiers: organisation numbers (stored) and personnummer (only ever refused)."""

import re
from datetime import date

_ORG = re.compile(r"^(\d{6})-?(\d{4})$")
_PNR = re.compile(r"(?<!\d)(\d{2})?(\d{2})(\d{2})(\d{2})[-+]?(\d{4})(?!\d)")


def luhn_ok(digits):
    """Return True when the digit string passes the Luhn check."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_org_number(text):
    """Return 'NNNNNN-NNNN' for a valid organisation number or raise ValueError."""
    match = _ORG.match(str(text).strip())
    if not match:
        raise ValueError("Organisationsnumret ska ha formen NNNNNN-NNNN.")
    digits = match.group(1) + match.group(2)
    if not luhn_ok(digits):
        raise ValueError("Organisationsnumret har fel kontrollsiffra.")
    return f"{match.group(1)}-{match.group(2)}"


def contains_personnummer(text):
    """Return True when the text holds something that reads as a valid personnummer."""
    for match in _PNR.finditer(str(text or "")):
        _century, yy, mm, dd, tail = match.groups()
        day = int(dd) - 60 if int(dd) > 60 else int(dd)
        if not any(_is_date(century + int(yy), int(mm), day) for century in (1900, 2000)):
            continue
        if luhn_ok(yy + mm + dd + tail):
            return True
    return False


def _is_date(year, month, day):
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True
