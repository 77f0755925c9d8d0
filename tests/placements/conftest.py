"""Fixtures of the placements tests."""

import pytest

from registry.extensions import db
from tests.placements import factories as pf


@pytest.fixture
def line():
    """Solna's agreement line at 4 520 kr a day, with a provider whose assessment passed."""
    agreement, provider, service, item = pf.priced_line("solna", price_ore=452_000)
    pf.assessment(provider)
    db.session.commit()
    return agreement, provider, service, item
