"""The case officer's forms: refusals next to the field with 422, typed values kept."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from registry.core.dates import today
from registry.extensions import db
from registry.placements.models import MonthlyReport, Placement
from tests import factories
from tests.conftest import post
from tests.placements import factories as pf

SOLNA = ("case_officer", "solna")
PNR_MESSAGE = "får inte innehålla ett personnummer eller samordningsnummer."




def _form(line, **overrides):
    agreement, provider, service = line[:3]
    data = {"case_reference": "SLN-FORM-0001", "support_category": "leaving_with_protection",
            "age_band": "21_25", "service_type_id": str(service.id),
            "provider_id": str(provider.id), "agreement_id": str(agreement.id),
            "start_date": (today() - timedelta(days=10)).isoformat(),
            "care_plan_on": (today() - timedelta(days=3)).isoformat()}
    return {**data, **overrides}


def _selected(html, name):
    select_html = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S).group(0)
    return re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected',
                     select_html)


def test_registering_a_placement_takes_the_rate_from_the_price_list(login_as, line):
    client = login_as(SOLNA)
    response = post(client, "/placements/ny", _form(line), token_from="/placements/ny")
    assert response.status_code == 302
    placement = db.session.scalar(select(Placement).where(
        Placement.case_reference == "SLN-FORM-0001"))
    assert placement.daily_rate_ore == 452_000
    assert response.headers["Location"].endswith(f"/placements/{placement.id}")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "4\u00a0520\u00a0kr" in html and "från avtalets prislista" in html


@pytest.mark.parametrize("reference", ["19850709-9805", "850709-9805"])
def test_a_case_reference_with_a_personnummer_is_refused_and_the_rest_kept(
        login_as, line, reference):
    data = _form(line, case_reference=reference)
    response = post(login_as(SOLNA), "/placements/ny", data, token_from="/placements/ny")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"Ärendereferens {PNR_MESSAGE}" in html
    assert re.search(r'aria-describedby="[^"]*case_reference-error"', html)
    assert f'value="{data["start_date"]}"' in html
    assert f'value="{data["care_plan_on"]}"' in html
    assert _selected(html, "support_category").group(0).count("leaving_with_protection")
    assert db.session.scalar(select(Placement).where(
        Placement.case_reference == reference)) is None


def test_a_provider_without_an_assessment_asks_for_confirmation(login_as):
    agreement, provider, service, _item = pf.priced_line("solna")
    db.session.commit()
    client = login_as(SOLNA)
    data = _form((agreement, provider, service, _item), case_reference="SLN-FORM-0002")
    response = post(client, "/placements/ny", data, token_from="/placements/ny")
    assert response.status_code == 422
    assert "ingen genomförd kvalitetsbedömning" in response.get_data(as_text=True)
    data.update(standing_confirmed="y", standing_reason="Enda utföraren med plats nu.")
    response = post(client, "/placements/ny", data, token_from="/placements/ny")
    assert response.status_code == 302


def test_mass_assignment_of_municipality_and_rate_is_ignored(login_as, line):
    jarfalla = pf.municipality("jarfalla")
    data = _form(line, case_reference="SLN-FORM-0003", municipality_id=str(jarfalla.id),
                 daily_rate_ore="1", price_item_id="1", case_officer_id="1")
    assert post(login_as(SOLNA), "/placements/ny", data,
                token_from="/placements/ny").status_code == 302
    placement = db.session.scalar(select(Placement).where(
        Placement.case_reference == "SLN-FORM-0003"))
    assert placement.municipality_id == pf.municipality("solna").id
    assert placement.daily_rate_ore == 452_000
    assert placement.case_officer_id == factories.staff(*SOLNA).id


@pytest.fixture
def running():
    placement = factories.placement(municipality_=pf.municipality("solna"),
                                    start_date=date(2026, 1, 15),
                                    case_officer_id=factories.staff(*SOLNA).id)
    db.session.commit()
    return placement


@pytest.mark.parametrize("text", ["Klienten 19850709-9805 deltar.", "Se 850709-9805."])
def test_report_text_with_a_personnummer_is_refused_and_the_rest_kept(login_as, running, text):
    path = f"/placements/{running.id}/rapporter/ny"
    data = {"month": "2026-02-01", "source": "provider", "received_on": "2026-03-04",
            "days_in_care": "28", "participation": "partial", "report_text": text}
    response = post(login_as(SOLNA), path, data, token_from=path)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"Rapporttext {PNR_MESSAGE}" in html
    assert 'value="2026-03-04"' in html and 'value="28"' in html
    assert _selected(html, "participation").group(0).count("partial")
    assert db.session.scalar(select(MonthlyReport).where(
        MonthlyReport.placement_id == running.id)) is None


def test_a_report_for_a_month_after_the_end_is_refused(login_as, running):
    running.end_date, running.end_reason = date(2026, 2, 10), "client_ended"
    db.session.commit()
    path = f"/placements/{running.id}/rapporter/ny"
    client = login_as(SOLNA)
    html = client.get(path).get_data(as_text=True)
    assert '<option value="2026-03-01"' not in html  # not even offered
    response = post(client, path, {"month": "2026-03-01", "source": "provider",
                                   "received_on": "2026-04-02"}, token_from=path)
    assert response.status_code == 422


def test_a_stale_edit_gets_the_409_page(login_as, running):
    path = f"/placements/{running.id}/andra"
    client = login_as(SOLNA)
    data = {"case_reference": running.case_reference, "support_category": "police_defector",
            "age_band": "18_20", "case_officer_id": str(running.case_officer_id),
            "initial_period_end": running.initial_period_end.isoformat(),
            "version": str(running.version)}
    assert post(client, path, {**data, "age_band": "21_25"}, token_from=path).status_code == 302
    response = post(client, path, {**data, "age_band": "26_plus"}, token_from=path)
    assert response.status_code == 409
    assert "Någon annan har ändrat uppgiften" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Placement, running.id).age_band == "21_25"


def test_deciding_to_end_on_a_deviation_ends_the_placement(login_as, running):
    deviation = pf.deviation(running, occurred_on=date(2026, 2, 2))
    db.session.commit()
    path = f"/placements/avvikelser/{deviation.id}"
    response = post(login_as(SOLNA), path, {
        "occurred_on": "2026-02-02", "kind": "new_crime", "reported_by": "police",
        "meeting_on": "2026-02-04", "decision": "end", "decided_on": "2026-02-04",
        "version": str(deviation.version)}, token_from=path)
    assert response.status_code == 302
    db.session.expire_all()
    placement = db.session.get(Placement, running.id)
    assert (placement.end_date, placement.end_reason) == (date(2026, 2, 4),
                                                          "ended_after_deviation")
