"""The provider comparison: prices on own and other agreements, quality, outcomes, export."""

import io
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from registry.core.dates import today
from registry.extensions import db
from registry.providers.models import ServiceType
from registry.quality.models import Assessment, ChecklistTemplate
from registry.reports.provider_comparison import compare, sort_rows
from tests import factories
from tests.agreements.factories import municipality, party_agreement
from tests.conftest import counted

SIGTUNA = ("purchaser", "sigtuna")


def demo_service(code="skyddat_boende"):
    return db.session.scalar(select(ServiceType).where(ServiceType.code == code))


def assessed(provider, score, passed=True):
    template = db.session.scalars(select(ChecklistTemplate)).first()
    db.session.add(Assessment(
        provider_id=provider.id, template_id=template.id,
        municipality_id=municipality("solna").id, assessed_on=today() - timedelta(days=10),
        status="completed", score=score, passed=passed, band="Medel", lowest_band=False,
        valid_until=today() + timedelta(days=355)))
    db.session.flush()


def _market():
    """Three providers of one service: two on a Solna agreement, one on a Järfälla one."""
    service = factories.service_type(name="Jämförd insats")
    cheap, dear, elsewhere = (factories.provider(legal_name=name) for name in
                              ("Billiga AB", "Dyra AB", "Annanstans AB"))
    for provider in (cheap, dear, elsewhere):
        provider.services = [service]
    start = today() - timedelta(days=30)
    own = party_agreement("solna", providers=[cheap, dear], start_date=start,
                          end_date=today() + timedelta(days=300))
    other = party_agreement("jarfalla", providers=[elsewhere, cheap], start_date=start,
                            end_date=today() + timedelta(days=300))
    for agreement, provider, price in [(own, cheap, 450_000), (own, dear, 560_000),
                                       (other, elsewhere, 430_000), (other, cheap, 440_000)]:
        factories.price_item(agreement_=agreement, provider_=provider, service_type_=service,
                             valid_from=start, price_ore=price)
    factories.price_item(agreement_=own, provider_=dear, service_type_=service,
                         valid_from=start, price_ore=10_000, addon="Tolk")
    assessed(cheap, 71.5)
    assessed(dear, 88.0)
    return service, cheap, dear, elsewhere, own


def test_prices_are_split_into_own_and_other_agreements():
    service, cheap, dear, elsewhere, own = _market()
    rows = {r.provider.id: r for r in compare(service, today(), municipality("solna").id)}
    assert rows[cheap.id].own_price.price_ore == 450_000
    assert rows[cheap.id].other_price.price_ore == 440_000
    assert rows[dear.id].own_price.price_ore == 560_000  # the add-on is not the daily price
    assert rows[elsewhere.id].own_price is None
    assert [a.id for a in rows[cheap.id].own_agreements] == [own.id]
    assert rows[dear.id].standing.score == 88.0 and rows[elsewhere.id].standing is None


def test_sorting_by_price_and_by_score():
    service, cheap, dear, elsewhere, _ = _market()
    rows = compare(service, today(), municipality("solna").id)
    names = [r.provider.legal_name for r in sort_rows(rows, "own_price")]
    assert names == ["Billiga AB", "Dyra AB", "Annanstans AB"]
    names = [r.provider.legal_name for r in sort_rows(rows, "score")]
    assert names == ["Dyra AB", "Billiga AB", "Annanstans AB"]
    names = [r.provider.legal_name for r in sort_rows(rows, "other_price")]
    assert names[:2] == ["Annanstans AB", "Billiga AB"]


def test_expired_agreements_and_terminated_providers_are_left_out():
    service, cheap, dear, elsewhere, own = _market()
    own.end_date = today() - timedelta(days=1)
    own.start_date = today() - timedelta(days=40)
    dear.status = "terminated"
    db.session.flush()
    rows = {r.provider.id: r for r in compare(service, today(), municipality("solna").id)}
    assert dear.id not in rows
    assert rows[cheap.id].own_price is None and rows[cheap.id].other_price.price_ore == 440_000


def test_target_group_filter():
    service, cheap, *_ = _market()
    cheap.target_groups = ["women"]
    db.session.flush()
    rows = compare(service, today(), None, target_group="women")
    assert [r.provider.id for r in rows] == [cheap.id]


def test_the_page_and_the_excel_export(login_as):
    service, *_ = _market()
    db.session.commit()
    client = login_as("purchaser", "solna")
    html = client.get(f"/providers/compare?service={service.id}&sort=score").get_data(
        as_text=True)
    assert html.index("Dyra AB") < html.index("Billiga AB")
    assert "4\u00a0500\u00a0kr" in html and "1 med egen kommun" in html
    response = client.get(f"/providers/compare.xlsx?service={service.id}")
    assert response.headers["Content-Disposition"].startswith("attachment")
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Utförare" and len(rows) == 4
    assert client.get(f"/providers/compare?service={service.id}&sort=x;drop").status_code == 200


def test_demo_protected_housing_shows_at_least_three_providers_with_prices_and_scores(
        login_as):
    service = demo_service()
    html = login_as(SIGTUNA).get(f"/providers/compare?service={service.id}").get_data(
        as_text=True)
    rows = compare(service, today(), municipality("sigtuna").id)
    priced = [r for r in rows if r.own_price or r.other_price]
    scored = [r for r in priced if r.standing is not None]
    assert len(priced) >= 3, [r.provider.legal_name for r in rows]
    assert len(scored) >= 3, [r.provider.legal_name for r in priced if r.standing is None]
    for row in scored:
        assert row.provider.legal_name in html


def test_a_coordinator_without_municipality_sees_only_other_prices(login_as):
    service, cheap, *_ = _market()
    rows = {r.provider.id: r for r in compare(service, today(), None)}
    assert rows[cheap.id].own_price is None
    assert rows[cheap.id].other_price.price_ore == 440_000
    db.session.commit()
    assert login_as("coordinator").get(
        f"/providers/compare?service={service.id}").status_code == 200


def test_admin_may_not_compare(login_as):
    assert login_as("admin").get("/providers/compare").status_code == 403




def _count_queries(run):
    with counted() as statements:
        run()
    return len(statements)


def test_the_comparison_reads_a_fixed_number_of_queries_whatever_the_provider_count():
    service = factories.service_type(name="Räknad insats")
    agreement = party_agreement("solna", start_date=today() - timedelta(days=5),
                                end_date=today() + timedelta(days=50))

    def add_providers(number):
        for _ in range(number):
            provider = factories.provider()
            provider.services = [service]
            other = party_agreement("jarfalla", providers=[provider],
                                           start_date=agreement.start_date,
                                           end_date=agreement.end_date)
            factories.price_item(agreement_=other, provider_=provider,
                                 service_type_=service, valid_from=agreement.start_date)
        db.session.flush()
        db.session.expire_all()

    add_providers(2)
    few = _count_queries(lambda: compare(service, today(), municipality("solna").id))
    add_providers(10)
    many = _count_queries(lambda: compare(service, today(), municipality("solna").id))
    assert len(compare(service, today(), None)) == 12
    assert many == few, (few, many)
