"""Placement-test rows on top of tests/factories.py: priced lines, standing, case children."""

from datetime import date, datetime

from tests import factories
from tests.factories import (
    deviation,
    extension,
    follow_up,
    priced_line,
    rate_change,
    reference_municipality,
)

__all__ = ["assessment", "deviation", "extension", "follow_up", "municipality", "priced_line",
           "rate_change"]

municipality = reference_municipality


def assessment(provider_, **values):
    """Give the provider a completed assessment: passed, in a middle band, unless told."""
    defaults = {"municipality_id": reference_municipality("solna").id,
                "assessed_on": date(2025, 6, 1), "completed_at": datetime(2025, 6, 1, 12)}
    return factories.completed_assessment(provider_, **{**defaults, **values})
