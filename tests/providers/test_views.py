"""The provider list (search and filters) and the provider page."""

from datetime import date

from registry.agreements.models import AgreementProvider
from registry.extensions import db
from tests import factories

PURCHASER = ("purchaser", "sigtuna")


def test_search_finds_a_provider_by_name_and_by_org_number(login_as):
    provider = factories.provider(legal_name="Sökbara Stödet AB")
    db.session.commit()
    client = login_as(PURCHASER)
    assert provider.legal_name in client.get("/providers/?q=sökbara").get_data(as_text=True)
    by_number = client.get(f"/providers/?q={provider.org_number}").get_data(as_text=True)
    assert provider.legal_name in by_number


def test_filters_by_status_and_service_type(login_as):
    service = factories.service_type(name="Filtrerad insats")
    suspended = factories.provider(status="suspended", suspended_until=date(2030, 1, 1))
    suspended.services = [service]
    active = factories.provider()
    db.session.commit()
    client = login_as(PURCHASER)
    html = client.get("/providers/?status=suspended").get_data(as_text=True)
    assert suspended.legal_name in html and active.legal_name not in html
    html = client.get(f"/providers/?service={service.id}").get_data(as_text=True)
    assert suspended.legal_name in html and active.legal_name not in html


def test_unknown_status_filter_is_ignored(login_as):
    response = login_as(PURCHASER).get("/providers/?status=drop%20table")
    assert response.status_code == 200


def test_provider_page_shows_permit_agreements_and_prices(login_as):
    service = factories.service_type(requires_permit=True, name="Tillståndspliktig insats")
    provider = factories.provider(permit_number="IVO 8.5-1234/2026")
    provider.services = [service]
    agreement = factories.agreement()
    db.session.add(AgreementProvider(agreement_id=agreement.id, provider_id=provider.id, rank=2))
    factories.price_item(agreement_=agreement, provider_=provider, service_type_=service,
                         price_ore=512_350, valid_from=date(2020, 1, 1))
    db.session.commit()
    html = login_as(PURCHASER).get(f"/providers/{provider.id}").get_data(as_text=True)
    assert "Tillståndspliktig insats" in html
    assert "IVO 8.5-1234/2026" in html
    assert agreement.reference in html and "Rang 2" in html
    assert "5\u00a0123,50\u00a0kr" in html


def test_a_provider_needing_a_permit_without_one_is_flagged(login_as):
    service = factories.service_type(requires_permit=True)
    provider = factories.provider()
    provider.services = [service]
    db.session.commit()
    html = login_as(PURCHASER).get(f"/providers/{provider.id}").get_data(as_text=True)
    assert "IVO-tillstånd saknas" in html


def test_missing_provider_is_404(login_as):
    assert login_as(PURCHASER).get("/providers/987654321").status_code == 404


def test_website_is_a_link_only_for_http_addresses(login_as):
    provider = factories.provider(website="javascript:alert(1)")
    db.session.commit()
    html = login_as(PURCHASER).get(f"/providers/{provider.id}").get_data(as_text=True)
    assert 'href="javascript:' not in html
