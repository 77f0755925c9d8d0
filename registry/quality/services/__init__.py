"""Writes and rules of the quality area: checklist versions and assessments.

Services flush and record the audit diff; the request (or seed command) commits once.
A refused action raises QualityError with Swedish messages and the fields they concern.
"""


from registry.core.settings import current_settings
from registry.quality.scoring import parse_bands


class QualityError(Exception):
    """A refused quality action: one or more (field or None, Swedish message) problems."""

    def __init__(self, *problems):
        super().__init__(problems[0][1] if problems else "")
        self.problems = list(problems)

    @classmethod
    def on(cls, field, message):
        """Return an error about one field (None: about the whole form)."""
        return cls((field, message))


class RecordLocked(QualityError):
    """The record is published or completed and can no longer be changed."""


def current_bands():
    """Return the standing bands from the settings (validated when the app started)."""
    return parse_bands(current_settings().quality_bands)
