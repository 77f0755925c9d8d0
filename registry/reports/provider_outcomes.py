"""Aggregate outcomes of placements per provider, across all eight municipalities.

Purchasers see these counts only: never a case reference, never a municipality breakdown,
and every count from 1 to k-1 is shown as "färre än k" (core/suppression.py).
"""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from registry.core.settings import current_settings
from registry.core.suppression import suppress, suppressed_column
from registry.extensions import db
from registry.placements.choices import EndReason
from registry.placements.models import Placement

ONGOING = "ongoing"
ONGOING_LABEL = "Pågående"


@dataclass(frozen=True)
class Outcomes:
    """One provider's placement counts, already suppressed for display."""

    rows: list  # [(label, shown count)], ongoing first, then each end reason
    total: str
    completed: str  # ended as planned, shown
    raw_total: int  # tells "none" from "some"; never rendered

    @property
    def any(self):
        return self.raw_total > 0


def threshold():
    """Return the small-number threshold k from the settings."""
    return current_settings().small_number_threshold


def outcomes_by_provider(provider_ids, on):
    """Return {provider id: Outcomes} for placements started on or before `on`, in one query."""
    ids = sorted(set(provider_ids))
    counts = defaultdict(dict)
    if ids:
        state = func.coalesce(Placement.end_reason, ONGOING)
        query = (select(Placement.provider_id, state, func.count(Placement.id))
                 .where(Placement.provider_id.in_(ids), Placement.start_date <= on)
                 .group_by(Placement.provider_id, state))
        for provider_id, key, count in db.session.execute(query):
            counts[provider_id][key] = count
    return {pid: _outcomes(counts[pid], threshold()) for pid in ids}


def _outcomes(counts, k):
    keys = [ONGOING] + [reason.value for reason in EndReason]
    labels = [ONGOING_LABEL] + EndReason.labels()
    values = [counts.get(key, 0) for key in keys]
    cells, total = suppressed_column(values, k)
    completed = suppress(counts.get(EndReason.COMPLETED.value, 0), k)
    return Outcomes(list(zip(labels, cells, strict=True)), total, completed, sum(values))
