"""Agreement and price list constraints, and optimistic locking on edited rows."""

from datetime import date

import pytest
from sqlalchemy import update
from sqlalchemy.orm.exc import StaleDataError

from registry.agreements.models import Agreement, PriceListItem
from registry.extensions import db
from tests import factories
from tests.factories import assert_refused


def test_an_agreement_can_be_stored():
    agreement = factories.agreement()
    assert db.session.get(Agreement, agreement.id).version == 1


def test_an_agreement_ending_before_it_starts_is_refused():
    assert_refused(lambda: factories.agreement(start_date=date(2026, 6, 1),
                                               end_date=date(2026, 5, 31)),
                   "ck_agreements_dates_ordered")


def test_an_agreement_may_end_the_day_it_starts():
    day = date(2026, 6, 1)
    assert factories.agreement(start_date=day, end_date=day).id


def test_a_duplicate_agreement_reference_is_refused():
    existing = factories.agreement()
    assert_refused(lambda: factories.agreement(reference=existing.reference))


def test_an_unknown_agreement_form_is_refused():
    assert_refused(lambda: factories.agreement(form="handshake"),
                   "ck_agreements_form_allowed")


@pytest.mark.parametrize("price_ore", [0, -1, -250_000])
def test_a_price_must_be_positive(price_ore):
    assert_refused(lambda: factories.price_item(price_ore=price_ore),
                   "ck_price_list_items_price_positive")


def test_a_price_valid_to_before_valid_from_is_refused():
    assert_refused(lambda: factories.price_item(valid_from=date(2026, 3, 1),
                                                valid_to=date(2026, 2, 1)),
                   "ck_price_list_items_dates_ordered")


def test_the_same_price_period_twice_is_refused():
    item = factories.price_item()
    assert_refused(lambda: db.session.add(PriceListItem(
        agreement_id=item.agreement_id, provider_id=item.provider_id,
        service_type_id=item.service_type_id, valid_from=item.valid_from,
        price_ore=item.price_ore + 100)) or db.session.flush())


def test_an_update_bumps_the_version():
    agreement = factories.agreement()
    agreement.title = "Nytt namn"
    db.session.flush()
    assert agreement.version == 2


def test_a_stale_update_is_refused():
    agreement = factories.agreement()
    table = Agreement.__table__
    db.session.connection().execute(  # someone else saves first, behind the ORM's back
        update(table).where(table.c.id == agreement.id).values(version=table.c.version + 1))
    agreement.title = "Ändrad i ett gammalt formulär"
    with pytest.raises(StaleDataError), db.session.begin_nested():
        db.session.flush()
