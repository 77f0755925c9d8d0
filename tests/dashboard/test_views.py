"""Each role's dashboard: Swedish, and the user's own numbers from the database."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from registry.auth.services import LoginRefused, authenticate
from registry.core.audit import AuditEvent
from registry.core.dates import today, utcnow
from registry.dashboard.queries import coordinator_numbers, providers_by_status
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.providers.models import Provider, ProviderStatus
from tests import factories

DAY = date(2026, 3, 2)  # the frozen day every date below counts from


@pytest.fixture(autouse=True)
def _frozen(clock):
    clock(DAY)


def _stat(html, label):
    """Return the number shown under a dashboard label ('1 234,50 kr' as 1234.50)."""
    match = re.search(re.escape(label) + r'[^<]*</p>\s*<p class="stat__value">([^<]+)</p>', html)
    assert match, f"no number for {label!r}"
    return Decimal(re.sub(r"[^\d,]", "", match.group(1)).replace(",", ".") or 0)


def _municipality(slug):
    return db.session.scalar(select(Municipality).where(Municipality.slug == slug))


def _active_placement(slug, **values):
    values.setdefault("start_date", today() - timedelta(days=10))
    placement = factories.placement(municipality_=_municipality(slug), **values)
    db.session.commit()
    return placement


def test_case_officer_sees_own_municipality_count_only(login_as):
    client = login_as("case_officer", "solna")
    before = _stat(client.get("/").get_data(as_text=True), "Pågående placeringar")
    _active_placement("jarfalla")
    html = client.get("/").get_data(as_text=True)
    assert _stat(html, "Pågående placeringar") == before
    _active_placement("solna")
    html = client.get("/").get_data(as_text=True)
    assert _stat(html, "Pågående placeringar") == before + 1
    assert "Socialsekreterare – Solna" in html
    assert "Avvikelser utan beslut" in html


def test_case_officer_sees_placements_ending_within_30_days(login_as):
    client = login_as("case_officer", "solna")
    label = "Placeringar med planerat slut inom 30 dagar"
    before = _stat(client.get("/").get_data(as_text=True), label)
    _active_placement("solna", planned_end=today() + timedelta(days=30))
    _active_placement("solna", planned_end=today() + timedelta(days=31))
    _active_placement("jarfalla", planned_end=today() + timedelta(days=3))
    assert _stat(client.get("/").get_data(as_text=True), label) == before + 1


def test_case_officer_sees_missing_reports_for_last_month(login_as):
    client = login_as("case_officer", "solna")
    html = client.get("/").get_data(as_text=True)
    label = "Placeringar utan inkommen månadsrapport för"
    before = _stat(html, label)
    placement = _active_placement("solna", start_date=today() - timedelta(days=70))
    assert _stat(client.get("/").get_data(as_text=True), label) == before + 1
    last_month = (today().replace(day=1) - timedelta(days=1)).replace(day=1)
    factories.monthly_report(placement, month=last_month, received_on=today())
    db.session.commit()
    assert _stat(client.get("/").get_data(as_text=True), label) == before


def test_purchaser_sees_provider_counts_from_the_registry(login_as):
    html = login_as("purchaser", "solna").get("/").get_data(as_text=True)
    active = db.session.scalar(select(func.count(Provider.id)).where(Provider.status == "active"))
    assert "Upphandlare" in html
    assert re.search(rf">Aktiv</a></th>\s*<td class=\"num\">{active}</td>", html)
    assert "Avtal i kraft där Solna är part" in html
    assert "Utförare utan giltig kvalitetsbedömning" in html


def test_purchaser_counts_only_agreements_the_municipality_is_party_to(login_as):
    client = login_as("purchaser", "solna")
    label, expiring = "Avtal i kraft där Solna är part", "Av dem löper ut inom 180 dagar"
    html = client.get("/").get_data(as_text=True)
    before, before_expiring = _stat(html, label), _stat(html, expiring)
    factories.agreement(lead=_municipality("jarfalla"), start_date=today() - timedelta(days=1))
    db.session.commit()
    assert _stat(client.get("/").get_data(as_text=True), label) == before
    factories.agreement(lead=_municipality("solna"), start_date=date(2020, 1, 1),
                        end_date=today() + timedelta(days=180))
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert _stat(html, label) == before + 1
    assert _stat(html, expiring) == before_expiring + 1


def test_finance_sees_own_accrued_cost_day_by_day(login_as):
    client = login_as("finance", "solna")
    label = "Upplupen kostnad"
    before = _stat(client.get("/").get_data(as_text=True), label)
    start = today() - timedelta(days=9)
    _active_placement("solna", start_date=start, daily_rate_ore=100_000)
    _active_placement("jarfalla", start_date=start, daily_rate_ore=100_000)
    html = client.get("/").get_data(as_text=True)
    assert "dygn för dygn" in html
    days = (today() - max(start, date(today().year, 1, 1))).days + 1  # start day to today
    assert _stat(html, label) == before + days * 1000
    assert "Återsökningar hos polisen" in html
    assert f"Budget {today().year}" in html


def test_coordinator_sees_all_eight_with_every_count_rounded(login_as):
    html = login_as("coordinator").get("/").get_data(as_text=True)
    names = db.session.scalars(select(Municipality.name)).all()
    assert len(names) == 8
    for name in names:
        assert f'<th scope="row">{name}</th>' in html
    cells = re.findall(r'<td class="num">([^<]+)</td>', html)
    assert cells
    for cell in cells:  # the coordinator has no municipality: everything rounded (A12)
        assert int(cell) % 5 == 0


def test_admin_sees_failed_logins_of_the_last_day(app, login_as):
    with app.test_request_context("/login", method="POST"), pytest.raises(LoginRefused):
        authenticate("nobody@example.org", "wrong-password-123")
    since = utcnow() - timedelta(hours=24)
    failed = db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "failed_login", AuditEvent.occurred_at >= since))
    html = login_as("admin").get("/").get_data(as_text=True)
    assert failed >= 1
    assert _stat(html, "Misslyckade inloggningar senaste 24 timmarna") == failed
    assert 'href="/admin/logg"' in html


@pytest.mark.parametrize(("who", "headings", "absent"), [
    (("case_officer", "solna"), ["Socialsekreterare"], ["Systemförvaltare</h2>"]),
    (("purchaser", "solna"), ["Upphandlare"], ["Pågående placeringar"]),
    (("finance", "solna"), ["Ekonomi"], ["Avvikelser utan beslut"]),
    (("coordinator",), ["FoU-samordnare"], ["Upplupen kostnad"]),
    (("admin",), ["Systemförvaltare"], ["Pågående placeringar"]),
])
def test_each_role_gets_its_own_section_only(login_as, who, headings, absent):
    html = login_as(who).get("/").get_data(as_text=True)
    for heading in headings:
        assert heading in html
    for text in absent:
        assert text not in html


def test_a_lapsed_suspension_counts_as_active_on_the_dashboard():
    on = today()
    provider = factories.provider(status=ProviderStatus.ACTIVE.value)
    before = providers_by_status(on)
    provider.status = ProviderStatus.SUSPENDED.value
    provider.status_reason = "Granskning"
    provider.suspended_until = on - timedelta(days=1)
    db.session.flush()
    assert providers_by_status(on) == before
    provider.suspended_until = on
    db.session.flush()
    after = providers_by_status(on)
    assert after["suspended"] == before["suspended"] + 1
    assert after["active"] == before["active"] - 1


@pytest.mark.checklist("A12")
def test_the_coordinator_numbers_are_exact_for_the_own_municipality_only(app, clock):
    """Per-municipality counts: the viewer's own exact, others and totals rounded to k."""
    clock(date(2026, 5, 20))
    own, other = factories.municipality(), factories.municipality()
    for place, count in ((own, 3), (other, 2)):
        for _ in range(count):
            factories.placement(municipality_=place, start_date=date(2026, 2, 1))
    numbers = coordinator_numbers(date(2026, 5, 20), 5, own.id)
    rows = {name: (active, started) for name, active, started in numbers["rows"]}
    assert rows[own.name] == (3, 3)
    assert all(a % 5 == 0 and s % 5 == 0 for name, (a, s) in rows.items() if name != own.name)
    assert (numbers["active_total"] - 3) % 5 == 0 and (numbers["started_total"] - 3) % 5 == 0
