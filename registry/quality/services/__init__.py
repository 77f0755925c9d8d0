"""Writes and rules of the quality area: checklist versions and assessments.

Services flush and record the audit diff; the request (or seed command) commits once.
A refused action raises Refused with Swedish messages and the fields they concern.
"""


from registry.core.refusal import Refused
from registry.core.settings import current_settings
from registry.quality.scoring import parse_bands


class RecordLocked(Refused):
    """The record is published or completed and can no longer be changed."""


def current_bands():
    """Return the standing bands from the settings (validated when the app started)."""
    return parse_bands(current_settings().quality_bands)
