"""Swedish identifiers: organisation numbers (stored) and personnummer (only ever refused).

One guard for every way a personnummer or samordningsnummer is written. The text is
NFKC-normalised (full-width digits, NBSP and thin spaces become ASCII), then folded: every
space becomes ' ', every dash and minus '-', every invisible format character (zero-width
space, word joiner, soft hyphen, direction marks) is dropped and every decimal digit becomes
0-9. One regex pass then finds runs of digit groups, and each stretch of whole groups that
holds 10 or 12 digits is checked with python-stdnum: a date (day + 60 for a
samordningsnummer) and the Luhn digit.

What keeps harmless numbers out: groups are never split (a personnummer is not read inside
a longer number); a dash or plus may only stand before the last four digits (so 070-123 45 67,
08-123 456 78 and 2026-12-07 never match); thousands grouping (4 500 000) is an amount; a
12-digit number starts with 18, 19 or 20; a valid Swedish IBAN is an account number.
Known, accepted ambiguity: a mobile number written with spaces only (070 123 45 67) reads
exactly like a grouped personnummer (850 709 98 05) and is refused when it is one by date
and check digit.
"""

import re
import unicodedata

from stdnum import iban, luhn
from stdnum.exceptions import ValidationError
from stdnum.se import orgnr, personnummer


def _fold_table():
    """Return the str.translate table: spaces, dashes, format characters and digits."""
    table = {ord("\t"): " ", 0x2212: "-", 0x2796: "-", 0x02D7: "-", 0x2795: "+"}
    for code in [*range(0x80, 0x10000), *range(0xE0000, 0xE0080)]:
        char = chr(code)
        kind = unicodedata.category(char)
        if kind == "Zs":
            table[code] = " "
        elif kind == "Pd":
            table[code] = "-"
        elif kind == "Cf":
            table[code] = None
        elif kind == "Nd":
            table[code] = str(unicodedata.decimal(char))
    return table


_FOLD = _fold_table()
_RUN = re.compile(r"(?<![0-9])[0-9]+(?:(?: {0,3}[-+] {0,3}| {1,3})[0-9]+)*(?![0-9])")
_SEPARATOR = re.compile(r"( {0,3}[-+] {0,3}| {1,3})")
_IBAN_PREFIX = re.compile(r"[A-Z]{2}$")
_ORG = re.compile(r"^([0-9]{6})-?([0-9]{4})$")
_CENTURIES = ("18", "19", "20")

ORG_FORMAT = "Organisationsnumret ska ha formen NNNNNN-NNNN."
ORG_CHECK_DIGIT = "Organisationsnumret har fel kontrollsiffra."
SOLE_TRADER = ("Numret är ett personnummer eller samordningsnummer (enskild firma). "
               "Personnummer sparas aldrig i registret – ange organisationsnumret för ett "
               "aktiebolag, en förening eller en stiftelse.")


def fold(text):
    """Return the text NFKC-normalised with spaces, dashes and digits folded to ASCII."""
    text = str(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return text.translate(_FOLD)


def luhn_ok(digits):
    """Return True when the digit string passes the Luhn check (python-stdnum)."""
    return luhn.is_valid(digits)


def is_personal_number(digits):
    """Return True when 10 or 12 ASCII digits are a valid personnummer or samordningsnummer."""
    if len(digits) not in (10, 12) or not (digits.isascii() and digits.isdigit()):
        return False
    ten = digits[-10:]
    month, day = int(ten[2:4]), int(ten[4:6])
    if not 1 <= month <= 12 or day % 60 not in range(1, 32) or not luhn.is_valid(ten):
        return False  # the cheap tests first: most numbers are no date
    birth = f"{ten[:4]}{day - 60 if day > 60 else day:02d}"  # samordningsnummer: day + 60
    centuries = (digits[:2],) if len(digits) == 12 else ("19", "20")
    return any(_is_birth_date(century, birth, ten[6:]) for century in centuries
               if century in _CENTURIES)


def _is_birth_date(century, birth, serial):
    try:
        personnummer.get_birth_date(f"{century}{birth}-{serial}")
    except ValidationError:
        return False
    return True


def find_personnummer(text):
    """Return every personnummer or samordningsnummer in the text, as folded."""
    folded = fold(text or "")
    return [found for run in _RUN.finditer(folded) for found in _in_run(folded, run)]


def contains_personnummer(text):
    """Return True when the text holds something that reads as a valid personnummer."""
    if not text:
        return False
    folded = fold(text)
    return any(_in_run(folded, run) for run in _RUN.finditer(folded))


def _in_run(folded, run):
    """Return the stretches of whole digit groups in `run` that are personal numbers."""
    text = run.group(0)
    digits = len(text) - text.count(" ") - text.count("-") - text.count("+")
    if digits < 10 or _is_iban(folded, run):
        return []
    parts = _SEPARATOR.split(text)
    groups, separators = parts[0::2], parts[1::2]
    found = []
    for first in range(len(groups)):
        size = 0
        for last in range(first, len(groups)):
            size += len(groups[last])
            if size > 12:
                break
            if size in (10, 12) and _reads_as_personal(groups[first:last + 1],
                                                       separators[first:last]):
                found.append("".join(_interleave(groups[first:last + 1],
                                                 separators[first:last])))
    return found


def _reads_as_personal(groups, separators):
    """Return True when the digit groups, as written, are a personal number."""
    marks = [index for index, sep in enumerate(separators) if sep.strip()]
    if len(marks) > 1:
        return False
    if marks and sum(len(group) for group in groups[marks[0] + 1:]) != 4:
        return False  # a personnummer's dash or plus stands before the last four digits
    if not marks and len(groups) > 2 and len(groups[0]) <= 3 and all(
            len(group) == 3 for group in groups[1:]):
        return False  # thousands grouping: an amount
    return is_personal_number("".join(groups))


def _interleave(groups, separators):
    yield groups[0]
    for sep, group in zip(separators, groups[1:], strict=True):
        yield sep
        yield group


def _is_iban(folded, run):
    """Return True when the run is the digits of a valid IBAN (SE45 5000 0000 …)."""
    prefix = folded[max(run.start() - 2, 0):run.start()]
    return bool(_IBAN_PREFIX.match(prefix)) and iban.is_valid(prefix + run.group(0))


def normalise_org_number(text):
    """Return 'NNNNNN-NNNN' for a valid organisation number or raise ValueError.

    A sole trader's organisation number is the owner's personnummer: personal data, so it
    is refused with a message that says why.
    """
    folded = fold(text).strip()
    if contains_personnummer(folded):  # in any written form, 10 or 12 digits
        raise ValueError(SOLE_TRADER)
    match = _ORG.match(folded)
    if not match:
        raise ValueError(ORG_FORMAT)
    digits = match.group(1) + match.group(2)
    if not orgnr.is_valid(digits):
        raise ValueError(ORG_CHECK_DIGIT)
    return orgnr.format(digits)
