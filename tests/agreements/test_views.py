"""The agreements list and page: shared registry, derived status, prices."""

from datetime import timedelta

from registry.agreements.models import AgreementProvider, ExtensionOption
from registry.core.dates import today
from registry.extensions import db
from tests import factories

PURCHASER = ("purchaser", "solna")


def _expired_but_extended():
    """An agreement whose own end has passed but whose exercised option runs on."""
    on = today()
    agreement = factories.agreement(start_date=on - timedelta(days=800),
                                    end_date=on - timedelta(days=10))
    db.session.add(ExtensionOption(agreement_id=agreement.id, sequence=1, length_months=12,
                                   exercise_by=on - timedelta(days=60), decision="exercised",
                                   decided_on=on - timedelta(days=90)))
    db.session.commit()
    return agreement


def test_list_shows_agreements_with_their_derived_status(login_as):
    agreement = _expired_but_extended()
    html = login_as(PURCHASER).get("/agreements/?q=" + agreement.reference).get_data(as_text=True)
    assert agreement.title in html
    assert "I förlängningsperiod" in html


def test_status_filter_is_applied_after_deriving(login_as):
    agreement = _expired_but_extended()
    client = login_as(PURCHASER)
    assert agreement.title in client.get("/agreements/?status=option_period").get_data(
        as_text=True)
    assert agreement.title not in client.get("/agreements/?status=expired").get_data(
        as_text=True)


def test_detail_shows_providers_options_terms_and_current_price(login_as):
    agreement = _expired_but_extended()
    provider = factories.provider()
    db.session.add(AgreementProvider(agreement_id=agreement.id, provider_id=provider.id, rank=1))
    factories.price_item(agreement_=agreement, provider_=provider, price_ore=450_000,
                         valid_from=agreement.start_date)
    db.session.commit()
    response = login_as(PURCHASER).get(f"/agreements/{agreement.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert provider.legal_name in html
    assert "4\u00a0500\u00a0kr" in html
    assert "Gäller nu" in html
    assert "Utnyttjad" in html
    assert "Rätt till kontroll, uppföljning och revision" in html


def test_missing_agreement_is_404(login_as):
    assert login_as(PURCHASER).get("/agreements/987654321").status_code == 404


def test_admin_without_agreement_permission_is_refused(login_as):
    assert login_as("admin").get("/agreements/").status_code == 403
