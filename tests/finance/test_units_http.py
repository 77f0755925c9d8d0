"""Price units from the user's side: the budget page, the finance placement page, the API.

On the old code a per-programme or per-hour price was costed as a daily rate, the costs
endpoint did not exist and finance got 403 on GET /api/v1/placements.
"""

import re
from datetime import date, timedelta

from sqlalchemy import select

from registry.core.dates import add_months
from registry.extensions import db
from registry.placements.models import MonthlyReport, Placement
from tests import factories
from tests.api.factories import bearer
from tests.finance import factories as money

DAY = date(2026, 10, 24)
KSL_PRICE = 4_500_000  # 45 000 kr per programme


def ore(text):
    """Return the öre of a shown amount such as '1 080 000 kr' or '4 500,50 kr'."""
    digits = re.sub(r"[^\d,\-−]", "", text).replace("−", "-")
    kronor, _, fraction = digits.partition(",")
    return int(kronor) * 100 + (int(fraction.ljust(2, "0")) if fraction else 0)


def stat(html, label):
    match = re.search(rf'stat__label">{label}</p><p class="stat__value"[^>]*>([^<]+)</p>', html)
    assert match, label
    return ore(match.group(1))


def ksl_placement(slug, start):
    service = factories.service_type(unit="programme")
    return factories.placement(slug, service_type_id=service.id, daily_rate_ore=KSL_PRICE,
                               rate_unit="programme", start_date=start,
                               initial_period_end=add_months(start, 6),
                               planned_end=add_months(start, 6))


def test_the_ksl_programme_costs_45_000_kr_and_the_budget_page_agrees(login_as, clock):
    """The report's example: 24 days into a 45 000 kr programme (old code: 1 080 000 kr)."""
    clock(DAY)
    client = login_as("finance", "sollentuna")
    before = client.get(f"/finance/budget?year={DAY.year}").get_data(as_text=True)
    placement = ksl_placement("sollentuna", DAY - timedelta(days=23))
    db.session.flush()
    after = client.get(f"/finance/budget?year={DAY.year}").get_data(as_text=True)
    assert stat(after, "Upplupen kostnad") - stat(before, "Upplupen kostnad") == KSL_PRICE
    assert stat(after, "Prognos helår") - stat(before, "Prognos helår") == KSL_PRICE
    page = client.get(f"/finance/placements/{placement.id}").get_data(as_text=True)
    assert stat(page, "Kostnad hittills") == KSL_PRICE
    assert "45\u00a0000\u00a0kr/program" in page.replace("\u202f", "\u00a0")
    costs = client.get(f"/api/v1/placements/{placement.id}/costs",
                       headers=bearer(client.user)).get_json()
    assert costs["to_date_ore"] == KSL_PRICE and costs["forecast_ore"] == 0
    assert costs["rate_unit"] == "programme"


def _page_months(html):
    rows = re.findall(r'<tr data-month="(\d{4}-\d{2})">.*?</th>\s*<td class="num">(\d+)</td>'
                      r'\s*<td class="num">(\d+)</td>\s*<td class="num">([^<]+)</td>', html, re.S)
    return {month: (int(quantity), ore(cost)) for month, _days, quantity, cost in rows}


def _demo(reference):
    return db.session.scalar(select(Placement).where(Placement.case_reference == reference))


DEMO_UNITS = {"SLN-DEMO-0001": "day", "SLN-DEMO-0003": "hour", "SLN-DEMO-0004": "programme",
              "JFL-DEMO-0001": "day", "JFL-DEMO-0005": "hour", "JFL-DEMO-0006": "programme"}


def test_the_costs_endpoint_matches_the_finance_page_for_every_demo_unit(login_as):
    for reference, unit in DEMO_UNITS.items():
        placement = _demo(reference)
        slug = placement.municipality.slug
        client = login_as(f"finance.{slug}@demo.invalid")
        html = client.get(f"/finance/placements/{placement.id}").get_data(as_text=True)
        costs = client.get(f"/api/v1/placements/{placement.id}/costs",
                           headers=bearer(client.user)).get_json()
        assert costs["rate_unit"] == unit, reference
        assert costs["to_date_ore"] == stat(html, "Kostnad hittills"), reference
        shown = _page_months(html)
        assert shown, reference
        assert {m["month"]: (m["quantity"], m["cost_ore"]) for m in costs["months"]} == shown
        assert sum(m["cost_ore"] for m in costs["months"]) == costs["to_date_ore"]
        if unit == "programme":
            assert costs["to_date_ore"] == placement.daily_rate_ore  # once, not per day


def test_the_demo_has_running_hourly_and_programme_placements_in_solna_and_jarfalla():
    for slug in ("solna", "jarfalla"):
        town = money.municipality(slug)
        running = db.session.scalars(select(Placement).where(
            Placement.municipality_id == town.id, Placement.end_date.is_(None))).all()
        units = {p.rate_unit for p in running}
        assert {"day", "hour", "programme"} <= units, slug
        hourly = [p for p in running if p.rate_unit == "hour"]
        reported = db.session.scalars(select(MonthlyReport.hours).where(
            MonthlyReport.placement_id.in_([p.id for p in hourly]),
            MonthlyReport.hours.is_not(None))).all()
        assert reported and all(p.planned_hours_per_month for p in hourly), slug


def test_finance_reads_placements_through_the_api_money_fields_only(login_as):
    headers = bearer(("finance", "solna"))
    client = login_as("finance", "solna")
    listed = client.get("/api/v1/placements?per_page=100", headers=headers)
    assert listed.status_code == 200
    items = listed.get_json()["items"]
    assert items and all("rate_ore" in item and "rate_unit" in item for item in items)
    for secret in ("support_category", "age_band", "end_reason", "police_definition_on",
                   "outside_agreement_reason", "care_plan_on"):
        assert all(secret not in item for item in items), secret
    one = client.get(f"/api/v1/placements/{items[0]['id']}", headers=headers).get_json()
    assert set(one) <= {*items[0]} and "support_category" not in one
    officer = client.get("/api/v1/placements?per_page=1",
                         headers=bearer(("case_officer", "solna"))).get_json()["items"]
    assert officer == [] or "support_category" in officer[0]


def test_the_placement_takes_its_unit_from_the_price_item_and_reports_take_hours(login_as,
                                                                               clock):
    clock(DAY)
    agreement, seller, service, item = factories.priced_line(
        "solna", price_ore=85_000, valid_from=date(2026, 1, 1))
    service.unit = item.unit = "hour"
    client = login_as("case_officer", "solna")
    headers = bearer(client.user)
    body = {"case_reference": "SOL-H-0001", "support_category": "leaving_at_home",
            "age_band": "18_20", "service_type_id": service.id, "provider_id": seller.id,
            "agreement_id": agreement.id, "start_date": "2026-09-01",
            "planned_hours_per_month": 10, "standing_confirmed": True,
            "standing_reason": "Enda utföraren med timpris."}
    created = client.post("/api/v1/placements", json=body, headers=headers)
    assert created.status_code == 201, created.get_json()
    placement = created.get_json()
    assert (placement["rate_ore"], placement["rate_unit"]) == (85_000, "hour")
    assert placement["daily_rate_ore"] is None  # not a daily rate
    assert placement["planned_hours_per_month"] == 10
    report = client.post(f"/api/v1/placements/{placement['id']}/reports", headers=headers,
                         json={"month": "2026-09-01", "source": "provider",
                               "received_on": "2026-10-05", "hours": 14})
    assert report.status_code == 201, report.get_json()
    assert report.get_json()["hours"] == 14
    costs = client.get(f"/api/v1/placements/{placement['id']}/costs", headers=headers).get_json()
    september = next(m for m in costs["months"] if m["month"] == "2026-09")
    assert (september["quantity"], september["cost_ore"]) == (14, 14 * 85_000)
    october = next(m for m in costs["months"] if m["month"] == "2026-10")
    assert october["quantity"] == 10  # planned until the report gives hours
    assert october["cost_ore"] + october["forecast_ore"] == 10 * 85_000


def test_hours_are_refused_on_a_report_of_a_daily_placement(login_as):
    placement = factories.placement("solna", start_date=date(2026, 1, 15))
    client = login_as("case_officer", "solna")
    answer = client.post(f"/api/v1/placements/{placement.id}/reports",
                         headers=bearer(client.user),
                         json={"month": "2026-02-01", "source": "provider",
                               "received_on": "2026-03-05", "hours": 5})
    assert answer.status_code == 422
    assert "hours" in answer.get_json()["error"]["fields"]
