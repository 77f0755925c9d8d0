"""The OCDS 1.1 release package of agreements, and the spend against the ceiling."""

import json
from datetime import date, timedelta

from registry.core.dates import today
from registry.extensions import db
from tests import factories
from tests.agreements.factories import option, party_agreement

PURCHASER = ("purchaser", "solna")


def _agreement():
    provider = factories.provider(legal_name="Öppna Data AB")
    service = factories.service_type(name="Öppen insats", unit="day")
    agreement = party_agreement("solna", participants=["sigtuna"], providers=[provider],
                                start_date=date(2026, 1, 1), end_date=date(2027, 12, 31),
                                ceiling_ore=123_456_789)
    option(agreement, 1, length_months=12, exercise_by=date(2027, 9, 30))
    option(agreement, 2, length_months=6, exercise_by=date(2028, 9, 30))
    factories.price_item(agreement_=agreement, provider_=provider, service_type_=service,
                         valid_from=today() - timedelta(days=10), price_ore=485_050)
    factories.placement(agreement_=agreement, provider_id=provider.id,
                        case_reference="HEMLIG-0001")
    db.session.commit()
    return agreement, provider


def test_one_agreement_as_an_ocds_release(login_as):
    agreement, provider = _agreement()
    response = login_as(PURCHASER).get(f"/agreements/{agreement.id}/ocds.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    package = response.get_json()
    assert package["version"] == "1.1" and package["publisher"]["name"]
    release = package["releases"][0]
    assert release["ocid"].startswith("ocds-") and release["tag"] == ["award", "contract"]
    roles = {party["name"]: party["roles"] for party in release["parties"]}
    assert roles["Solna"] == ["buyer", "procuringEntity"] and roles["Sigtuna"] == ["buyer"]
    assert roles["Öppna Data AB"] == ["supplier"]
    assert release["buyer"]["name"] == "Solna"
    assert release["awards"][0]["suppliers"][0]["name"] == "Öppna Data AB"
    contract = release["contracts"][0]
    assert contract["period"] == {"startDate": "2026-01-01T00:00:00+01:00",
                                  "endDate": "2027-12-31T23:59:59+01:00",
                                  "maxExtentDate": "2029-06-30T23:59:59+02:00"}
    assert contract["value"] == {"amount": 1234567.89, "currency": "SEK"}
    unit = contract["items"][0]["unit"]
    assert unit == {"name": "dygn", "value": {"amount": 4850.5, "currency": "SEK"}}


def test_the_export_carries_no_case_data(login_as):
    agreement, _ = _agreement()
    body = login_as(PURCHASER).get("/agreements/ocds.json").get_data(as_text=True)
    assert "HEMLIG-0001" not in body and "placement" not in body.lower()
    package = json.loads(body)
    assert any(r["ocid"].endswith(agreement.reference) for r in package["releases"])


def test_a_declined_option_ends_the_max_extent(login_as):
    agreement, _ = _agreement()
    agreement.options[0].decision = "declined"
    agreement.options[0].decided_on = date(2027, 1, 1)
    db.session.commit()
    release = login_as(PURCHASER).get(f"/agreements/{agreement.id}/ocds.json").get_json()[
        "releases"][0]
    assert release["contracts"][0]["period"]["maxExtentDate"].startswith("2027-12-31T")


def test_a_missing_agreement_is_404(login_as):
    assert login_as(PURCHASER).get("/agreements/987654321/ocds.json").status_code == 404


def test_the_agreement_page_shows_spend_against_the_ceiling(login_as):
    # Solna's own placement: its spend is Solna's own data (another municipality's single
    # placement is not shown, tests/agreements/test_spend_disclosure.py).
    provider = factories.provider()
    start = today() - timedelta(days=100)
    agreement = party_agreement(providers=[provider], start_date=start,
                                end_date=today() + timedelta(days=100), ceiling_ore=10_000_000)
    factories.placement("solna", agreement_=agreement, provider_id=provider.id,
                        start_date=start, daily_rate_ore=100_000)
    db.session.commit()
    html = login_as(PURCHASER).get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert "Upparbetat hittills" in html
    assert "% av takvärdet" in html and "tag--bad" in html  # 100 days × 1 000 kr ≥ 100 000 kr
