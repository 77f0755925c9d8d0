"""A stale edit is refused; the version column bumps on every update."""

import pytest
from sqlalchemy.orm.exc import StaleDataError

from registry.core.locking import check_version
from registry.extensions import db
from tests import factories


@pytest.mark.checklist("C1")
def test_current_version_passes_and_update_bumps_it():
    provider = factories.provider()
    before = provider.version
    check_version(provider, str(before))
    provider.capacity = (provider.capacity or 0) + 1
    db.session.flush()
    assert provider.version == before + 1


@pytest.mark.parametrize("submitted", ["0", "", None, "x"])
def test_stale_or_missing_version_is_refused(submitted):
    provider = factories.provider()
    with pytest.raises(StaleDataError):
        check_version(provider, submitted)
