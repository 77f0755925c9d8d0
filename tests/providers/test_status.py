"""Effective provider status and permit status: the Python rule and the SQL clause agree."""

from datetime import date, timedelta

import pytest
import time_machine
from sqlalchemy import select

from registry.core.dates import today
from registry.extensions import db
from registry.providers.models import Provider, ProviderStatus
from registry.providers.status import (
    PermitStatus,
    effective_status,
    permit_clause,
    permit_status,
    status_clause,
)
from tests import factories

ON = date(2026, 11, 22)
DAY = timedelta(days=1)


@pytest.mark.parametrize(("status", "until", "expected"), [
    ("suspended", ON, "suspended"),          # the end date is the last suspended day
    ("suspended", ON + DAY, "suspended"),
    ("suspended", ON - DAY, "active"),        # lifted by itself the day after
    ("active", None, "active"),
    ("terminated", None, "terminated"),
    ("under_review", None, "under_review"),
])
def test_effective_status_from_dates(status, until, expected):
    assert effective_status(status, until, ON) == expected


def test_the_status_filter_agrees_with_the_rule():
    providers = [factories.provider(status="suspended", suspended_until=ON + DAY * offset)
                 for offset in (-3, -1, 0, 1, 30)]
    providers += [factories.provider(status=s) for s in ("active", "terminated", "under_review")]
    ids = [p.id for p in providers]
    for status in ProviderStatus:
        found = set(db.session.scalars(select(Provider.id).where(
            Provider.id.in_(ids), status_clause(status, ON))))
        expected = {p.id for p in providers
                    if effective_status(p.status, p.suspended_until, ON) == status}
        assert found == expected, status


def test_permit_filter_agrees_with_the_rule():
    needs = factories.service_type(requires_permit=True)
    free = factories.service_type()
    cases = [
        factories.provider(permit_number="P1", permit_valid_until=ON + DAY * 200),
        factories.provider(permit_number="P2", permit_valid_until=ON + DAY * 10),
        factories.provider(permit_number="P3", permit_valid_until=ON - DAY),
        factories.provider(permit_number="P4", permit_valid_until=ON),
        factories.provider(),
        factories.provider(),
    ]
    cases[4].services = [needs]
    cases[5].services = [free]
    db.session.flush()
    expected_states = [PermitStatus.VALID, PermitStatus.EXPIRING, PermitStatus.EXPIRED,
                       PermitStatus.EXPIRING, PermitStatus.MISSING, PermitStatus.NOT_REQUIRED]
    assert [permit_status(p, ON) for p in cases] == expected_states
    ids = [p.id for p in cases]
    for state in PermitStatus:
        found = set(db.session.scalars(select(Provider.id).where(
            Provider.id.in_(ids), permit_clause(state, ON))))
        assert found == {p.id for p in cases if permit_status(p, ON) == state}, state


def test_a_suspended_provider_comes_back_by_itself_after_its_end_date(login_as):
    provider = factories.provider(legal_name="Tillfälligt Avstängd AB",
                                  status="suspended", suspended_until=today() + DAY * 10,
                                  status_reason="Utredning pågår.")
    db.session.commit()
    html = login_as("purchaser", "solna").get(
        f"/providers/{provider.id}").get_data(as_text=True)
    assert "Avstängd" in html
    with time_machine.travel(today() + DAY * 11, tick=False):
        client = login_as("purchaser", "solna")
        html = client.get(f"/providers/{provider.id}").get_data(as_text=True)
        assert 'tag--ok">Aktiv' in html
        assert "avstängningen har upphört av sig själv" in html
        listed = client.get("/providers/?status=active&q=Tillfälligt").get_data(as_text=True)
        assert provider.legal_name in listed
    assert db.session.get(Provider, provider.id).status == "suspended"  # nothing was stored
