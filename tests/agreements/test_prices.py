"""Price lists: overlapping periods refused, history never rewritten, prices ended forward."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from registry.agreements.models import PriceListItem
from registry.agreements.prices import PriceDraft, add_price, end_price, periods_overlap
from registry.core.dates import today
from registry.core.refusal import Refused
from registry.extensions import db
from tests import factories
from tests.agreements.factories import party_agreement
from tests.conftest import post

PARTY = ("purchaser", "solna")
DAY = timedelta(days=1)


def _setup():
    provider, service = factories.provider(), factories.service_type()
    agreement = party_agreement(providers=[provider])
    return agreement, provider, service


def _draft(provider, service, start, end=None, price=485_000, addon=""):
    return PriceDraft(provider.id, service.id, addon, start, end, price)


@pytest.mark.parametrize(("first", "second", "expected"), [
    ((date(2026, 1, 1), date(2026, 6, 30)), (date(2026, 7, 1), None), False),
    ((date(2026, 1, 1), date(2026, 6, 30)), (date(2026, 6, 30), None), True),
    ((date(2026, 1, 1), None), (date(2030, 1, 1), date(2030, 2, 1)), True),
    ((date(2026, 3, 1), date(2026, 3, 31)), (date(2026, 1, 1), date(2026, 2, 28)), False),
])
def test_periods_overlap_on_a_shared_day(first, second, expected):
    assert periods_overlap(*first, *second) is expected
    assert periods_overlap(*second, *first) is expected


def test_an_overlapping_price_period_is_refused_with_a_clear_message():
    agreement, provider, service = _setup()
    add_price(agreement, _draft(provider, service, date(2026, 1, 1), date(2026, 12, 31)), None)
    with pytest.raises(Refused) as refused:
        add_price(agreement, _draft(provider, service, date(2026, 12, 1), price=500_000), None)
    assert refused.value.field == "valid_from"
    assert "överlappar" in refused.value.message and "2026-01-01" in refused.value.message


def test_a_separate_add_on_or_a_later_period_is_not_an_overlap():
    agreement, provider, service = _setup()
    add_price(agreement, _draft(provider, service, date(2026, 1, 1), date(2026, 6, 30)), None)
    add_price(agreement, _draft(provider, service, date(2026, 1, 1), addon="Tolk",
                                price=95_000), None)
    add_price(agreement, _draft(provider, service, date(2026, 7, 1)), None)
    assert len(db.session.scalars(select(PriceListItem).where(
        PriceListItem.agreement_id == agreement.id)).all()) == 3


def test_a_price_for_a_provider_not_on_the_agreement_is_refused():
    agreement, _, service = _setup()
    with pytest.raises(Refused) as refused:
        add_price(agreement, _draft(factories.provider(), service, date(2026, 1, 1)), None)
    assert refused.value.field == "provider_id"


def test_a_new_price_ends_the_open_one_without_rewriting_history():
    agreement, provider, service = _setup()
    old = add_price(agreement, _draft(provider, service, today() - 100 * DAY), None)
    start = today() + 10 * DAY
    new = add_price(agreement, _draft(provider, service, start, price=499_000), None,
                    close_current=True)
    assert (old.valid_to, old.price_ore) == (start - DAY, 485_000)
    assert (new.valid_from, new.valid_to) == (start, None)


def test_closing_the_open_price_retroactively_is_refused():
    agreement, provider, service = _setup()
    old = add_price(agreement, _draft(provider, service, today() - 100 * DAY), None)
    with pytest.raises(Refused) as refused:
        add_price(agreement, _draft(provider, service, today() - 5 * DAY, price=499_000), None,
                  close_current=True)
    assert "historiken skrivs aldrig om" in refused.value.message
    assert old.valid_to is None


def test_a_price_is_ended_forward_only_and_never_extended():
    agreement, provider, service = _setup()
    item = add_price(agreement, _draft(provider, service, today() - 100 * DAY), None)
    db.session.flush()
    with pytest.raises(Refused):
        end_price(item, today() - 30 * DAY, item.version)
    end_price(item, today() + 30 * DAY, item.version)
    with pytest.raises(Refused) as refused:
        end_price(item, today() + 60 * DAY, item.version)
    assert "inte förlängas" in refused.value.message


def test_the_price_form_refuses_an_overlap_with_422_and_keeps_the_input(login_as):
    agreement, provider, service = _setup()
    factories.price_item(agreement_=agreement, provider_=provider, service_type_=service,
                         valid_from=date(2026, 1, 1))
    db.session.commit()
    client = login_as(PARTY)
    path = f"/agreements/{agreement.id}/prices/new"
    data = {"provider_id": str(provider.id), "service_type_id": str(service.id), "addon": "",
            "valid_from": "2026-05-01", "valid_to": "", "price": "4 990"}
    response = post(client, path, data, token_from=path)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Perioden överlappar ett befintligt pris" in html and 'value="4 990"' in html
    assert db.session.scalar(select(PriceListItem).where(
        PriceListItem.agreement_id == agreement.id,
        PriceListItem.price_ore == 499_000)) is None


def test_the_price_form_saves_swedish_kronor_as_ore(login_as):
    agreement, provider, service = _setup()
    db.session.commit()
    client = login_as(PARTY)
    path = f"/agreements/{agreement.id}/prices/new"
    data = {"provider_id": str(provider.id), "service_type_id": str(service.id),
            "addon": "Förstärkt bemanning", "valid_from": "2026-05-01",
            "valid_to": "2026-04-01", "price": "1 250,50 kr"}
    response = post(client, path, data, token_from=path)
    assert response.status_code == 422
    assert "Slutdatumet kan inte ligga före startdatumet." in response.get_data(as_text=True)
    assert post(client, path, {**data, "valid_to": ""}, token_from=path).status_code == 302
    item = db.session.scalar(select(PriceListItem).where(
        PriceListItem.agreement_id == agreement.id))
    assert (item.price_ore, item.addon) == (125_050, "Förstärkt bemanning")


def test_ending_a_price_through_the_form_carries_the_version(login_as):
    agreement, provider, service = _setup()
    item = factories.price_item(agreement_=agreement, provider_=provider, service_type_=service,
                                valid_from=today() - 50 * DAY)
    db.session.commit()
    client = login_as(PARTY)
    path = f"/agreements/{agreement.id}/prices/{item.id}/end"
    until = (today() + 5 * DAY).isoformat()
    assert post(client, path, {"valid_to": until, "version": "1"},
                token_from=path).status_code == 302
    assert post(client, path, {"valid_to": until, "version": "1"},
                token_from=path).status_code == 409
