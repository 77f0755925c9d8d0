"""Provider table constraints."""


from registry.extensions import db
from registry.providers.models import Provider
from tests import factories
from tests.factories import assert_refused


def test_a_provider_can_be_stored():
    provider = factories.provider()
    assert db.session.get(Provider, provider.id).org_number == provider.org_number


def test_a_duplicate_org_number_is_refused():
    existing = factories.provider()
    assert_refused(lambda: factories.provider(org_number=existing.org_number))


def test_an_unknown_status_is_refused():
    assert_refused(lambda: factories.provider(status="deleted"),
                   "ck_providers_status_allowed")


def test_a_suspension_needs_an_end_date():
    assert_refused(lambda: factories.provider(status="suspended", suspended_until=None),
                   "ck_providers_suspension_has_end")


def test_negative_capacity_is_refused():
    assert_refused(lambda: factories.provider(capacity=-1), "ck_providers_capacity_non_negative")


def test_the_session_is_usable_after_a_refused_insert():
    existing = factories.provider()
    assert_refused(lambda: factories.provider(org_number=existing.org_number))
    assert factories.provider().id != existing.id
