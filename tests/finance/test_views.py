"""The finance pages: money and dates of the own municipality, never case text."""

from datetime import timedelta

from sqlalchemy import func, select

from registry.core.audit import AuditEvent
from registry.core.dates import add_months, month_start, today
from registry.core.money import format_money
from registry.extensions import db
from registry.finance import calculations as calc
from registry.placements.models import Deviation, FollowUp
from tests.finance import factories as money

FINANCE = ("finance", "solna")
MISSING_ID = 987654321
SECRETS = ("RAPPORTTEXT-HEMLIG", "UPPFOLJNINGSNOTERING-HEMLIG", "UTFALL-HEMLIG",
           "AVVIKELSE-HEMLIG", "PRISSKAL-HEMLIGT")


def _case_with_texts():
    placement = money.placement(days_ago=75)
    month = add_months(month_start(today()), -1)
    money.report(placement, month, 28, report_text=SECRETS[0], follow_up_note=SECRETS[1])
    db.session.add(FollowUp(placement_id=placement.id, municipality_id=placement.municipality_id,
                            held_on=today(), participants="Klient", outcome=SECRETS[2]))
    db.session.add(Deviation(placement_id=placement.id, municipality_id=placement.municipality_id,
                             occurred_on=today(), kind="new_crime", reported_by="police",
                             description=SECRETS[3]))
    change = money.rate_change(placement, today() - timedelta(days=10), 480_000)
    change.reason = SECRETS[4]
    db.session.commit()
    return placement


def test_finance_sees_dates_days_rates_and_money_but_no_case_text(login_as):
    placement = _case_with_texts()
    response = login_as(FINANCE).get(f"/finance/placements/{placement.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    plan = calc.schedule(placement.start_date, None, 450_000,
                         [(today() - timedelta(days=10), 480_000)])
    for shown in (placement.case_reference, placement.start_date.isoformat(),
                  placement.planned_end.isoformat(), format_money(450_000),
                  format_money(480_000), format_money(calc.cost_to_date(plan, today())),
                  f'<p class="stat__value">{calc.care_days(plan, plan.start, today())}</p>',
                  "Dygn enligt utförarens rapport", "Polisens kriterier"):
        assert shown in html, shown
    for secret in SECRETS:
        assert secret not in html
    assert "Nytt brott" not in html and "Klient" not in html


def test_viewing_a_placement_is_audited(login_as):
    placement = money.placement()
    db.session.commit()
    count = select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "view", AuditEvent.entity == "placements",
        AuditEvent.entity_id == placement.id)
    assert db.session.scalar(count) == 0
    assert login_as(FINANCE).get(f"/finance/placements/{placement.id}").status_code == 200
    assert db.session.scalar(count) == 1


def test_a_foreign_placement_is_the_same_404_as_a_missing_one(login_as):
    foreign = money.placement("jarfalla")
    db.session.commit()
    client = login_as(FINANCE)
    for path in ("/finance/placements/{}", "/finance/placements/{}/invoices/new",
                 "/finance/placements/{}/claims/new"):
        foreign_response = client.get(path.format(foreign.id))
        missing_response = client.get(path.format(MISSING_ID))
        assert foreign_response.status_code == missing_response.status_code == 404
        assert foreign_response.get_data() == missing_response.get_data()


def test_the_overview_lists_only_the_own_placements_with_their_money(login_as):
    own, foreign = money.placement(days_ago=20), money.placement("jarfalla", days_ago=20)
    db.session.commit()
    html = login_as(FINANCE).get(f"/finance/?q={own.case_reference}").get_data(as_text=True)
    assert own.case_reference in html and format_money(21 * 450_000) in html
    html = login_as(FINANCE).get(f"/finance/?q={foreign.case_reference}").get_data(as_text=True)
    assert f">{foreign.case_reference}</a>" not in html and "Inga placeringar hittades." in html


def test_other_roles_are_kept_out(login_as):
    for who in (("case_officer", "solna"), ("purchaser", "solna"),
                  ("coordinator",)):
        client = login_as(who)
        for path in ("/finance/", "/finance/budget", "/finance/export/claims.xlsx"):
            assert client.get(path).status_code == 403, (who, path)
