"""Aggregate outcomes of placements per provider, across all eight municipalities.

Purchasers see these counts only: never a case reference, never a municipality breakdown.
The counts follow the disclosure rule across queries (core/disclosure.py, DESIGN §2a): the
viewer's own municipality's placements count exactly, the other municipalities' are rounded
to a multiple of k by their cell key, the same way every time. So no count, nor the
difference of two counts, nor a count less the viewer's own placements, is ever 1..k-1 of
another municipality: "färre än k" is not needed, and the page says the figures are rounded.
"""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from registry.core.disclosure import viewer_count
from registry.core.settings import current_settings
from registry.extensions import db
from registry.placements.choices import EndReason
from registry.placements.models import Placement

ONGOING = "ongoing"
ONGOING_LABEL = "Pågående"


@dataclass(frozen=True)
class Outcomes:
    """One provider's placement counts as the viewer may see them."""

    rows: list  # [(label, count)], ongoing first, then each end reason
    total: int
    completed: int  # ended as planned

    @property
    def any(self):
        return self.total > 0


def threshold():
    """Return the small-number threshold k from the settings."""
    return current_settings().small_number_threshold


def outcomes_by_provider(provider_ids, on, viewer_municipality_id=None):
    """Return {provider id: Outcomes} for placements started on or before `on`, in one query.

    Without a viewer municipality (the coordinator) every count is rounded.
    """
    ids = sorted(set(provider_ids))
    records = defaultdict(lambda: defaultdict(list))
    if ids:
        state = func.coalesce(Placement.end_reason, ONGOING)
        query = (select(Placement.provider_id, state, Placement.id, Placement.municipality_id)
                 .where(Placement.provider_id.in_(ids), Placement.start_date <= on))
        for provider_id, key, placement_id, municipality_id in db.session.execute(query):
            records[provider_id][key].append((placement_id, municipality_id))
    return {pid: _outcomes(records[pid], viewer_municipality_id, threshold()) for pid in ids}


def _outcomes(by_state, viewer, k):
    keys = [ONGOING] + [reason.value for reason in EndReason]
    labels = [ONGOING_LABEL] + EndReason.labels()
    counts = [viewer_count(by_state.get(key, ()), viewer, k) for key in keys]
    every = [record for key in keys for record in by_state.get(key, ())]
    return Outcomes(list(zip(labels, counts, strict=True)), viewer_count(every, viewer, k),
                    counts[keys.index(EndReason.COMPLETED.value)])
