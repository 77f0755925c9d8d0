"""Disclosure control across queries (DESIGN §2a): what one viewer may see of others' records.

Hiding small numbers inside one table (with complementary suppression) is not enough: two
tables compared (a period ending today and yesterday, a filter and no filter, a total and
one's own rows) can single out a placement. Three rules, each in one function here, hold
across queries:

- **The viewer's own rows are exact; other municipalities' counts are rounded.** A viewer knows
  their own placements, so subtracting them is assumed. Every count of *other* municipalities'
  records is shown as a multiple of k (the small-number threshold): a cell key, made from keys
  of the records behind the cell, decides whether it is rounded up or down (random rounding
  driven by the cell key method, ESSnet SDC handbook §5.4; ABS and ONS census tables). The same
  records always get the same rounding, so asking again reveals nothing new, and the difference
  of any two published counts is a multiple of k: never 1..k-1.
- **Magnitudes** (costs, care days, average prices, spend) of other municipalities are shown
  only when they come from at least k records of at least two municipalities other than the
  viewer's (`magnitude_shown`); one municipality's amount is never shown to another.
- **Periods are whole calendar months, quarters, half-years or years** (core/periods.py), so
  "ending today" and "ending yesterday" cannot be compared.

Record keys come from an HMAC of the record's id with the application's secret key: stable for
one installation, unknown to a viewer, so a viewer cannot compute which way a cell rounds.
"""

import hashlib
import hmac
from collections.abc import Iterable, Mapping

from flask import current_app

_KEY_SPACE = 2**32


def record_key(record_id, kind="placement"):
    """Return the record's key, a whole number in 0..2**32-1 fixed for this installation."""
    secret = str(current_app.config.get("SECRET_KEY") or "").encode()
    digest = hmac.new(secret, f"{kind}:{record_id}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big")


def cell_key(record_ids: Iterable, kind="placement"):
    """Return the cell key of a set of records: the sum of their keys modulo 2**32."""
    return sum(record_key(record_id, kind) for record_id in set(record_ids)) % _KEY_SPACE


def rounded_count(record_ids: Iterable, base, kind="placement"):
    """Return how many records there are, rounded to a multiple of `base` by their cell key.

    A count n = q*base + r is shown as (q+1)*base with probability r/base, else q*base, the
    draw being the cell key: unbiased on average, the same for the same records every time.
    """
    ids = set(record_ids)
    count = len(ids)
    remainder = count % base
    if base <= 1 or remainder == 0:
        return count
    down = count - remainder
    uniform = cell_key(ids, kind) / _KEY_SPACE
    return down + base if uniform < remainder / base else down


def viewer_count(records: Iterable, viewer_municipality_id, base, kind="placement"):
    """Return the count a viewer sees of (record id, municipality id) pairs.

    The viewer's own records count exactly; the others' are rounded as one set.
    """
    own, others = set(), set()
    for record_id, municipality_id in records:
        (own if viewer_municipality_id is not None and municipality_id == viewer_municipality_id
         else others).add(record_id)
    return len(own) + rounded_count(others, base, kind)


def others_of(units_by_municipality: Mapping, viewer_municipality_id):
    """Return {municipality id: units} of the municipalities other than the viewer's, non-empty."""
    return {municipality: units for municipality, units in units_by_municipality.items()
            if units and municipality != viewer_municipality_id}


def magnitude_shown(units_by_municipality: Mapping, viewer_municipality_id, threshold):
    """Return True when an amount over these units may be shown to the viewer.

    `units_by_municipality` maps municipality id -> number of records behind the amount. Only
    the viewer's own records, or at least `threshold` records of at least two other
    municipalities, may be shown: nothing of a single other municipality, nothing of a few.
    """
    others = others_of(units_by_municipality, viewer_municipality_id)
    if not others:
        return True
    return len(others) >= 2 and sum(others.values()) >= threshold
