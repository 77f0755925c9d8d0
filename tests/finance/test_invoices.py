"""Invoices: registered and reconciled, a duplicate number refused, differences flagged."""

from datetime import timedelta

from sqlalchemy import func, select

from registry.core.audit import AuditEvent
from registry.core.dates import add_months, month_start, today
from registry.extensions import db
from registry.finance.models import Invoice
from registry.placements.models import MonthlyReport
from tests import factories
from tests.conftest import post
from tests.finance import factories as money

FINANCE = ("finance", "solna")


def _last_month():
    first = add_months(month_start(today()), -1)
    return first, month_start(today()) - timedelta(days=1)


def _days(first, last):
    return (last - first).days + 1


def _register(client, placement, **fields):
    path = f"/finance/placements/{placement.id}/invoices/new"
    first, last = _last_month()
    data = {"invoice_number": "F-100", "period_start": first.isoformat(),
            "period_end": last.isoformat(), "days": _days(first, last),
            "amount": str(_days(first, last) * 4500), "received_on": today().isoformat(),
            "note": ""}
    return post(client, path, {**data, **fields}, token_from=path)


def _invoices(placement):
    query = select(Invoice).where(Invoice.placement_id == placement.id).order_by(Invoice.id)
    return list(db.session.scalars(query.execution_options(populate_existing=True)))


def test_an_invoice_that_matches_is_registered_reconciled_and_audited(login_as):
    placement = money.placement(days_ago=120)
    first, last = _last_month()
    money.report(placement, first, _days(first, last))
    db.session.commit()
    response = _register(login_as(FINANCE), placement)
    assert response.status_code == 302
    [invoice] = _invoices(placement)
    assert invoice.mismatch_reason is None
    assert (invoice.provider_id, invoice.days) == (placement.provider_id, _days(first, last))
    assert invoice.amount_ore == _days(first, last) * 450_000
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "create", AuditEvent.entity == "invoices",
        AuditEvent.entity_id == invoice.id)) == 1


def test_a_duplicate_invoice_number_for_the_provider_is_refused(login_as):
    placement = money.placement(days_ago=120)
    first, last = _last_month()
    money.invoice(placement, first, first, 1, 450_000, number="F-100")
    other_provider = money.placement(days_ago=120, provider_id=factories.provider().id)
    db.session.commit()
    client = login_as(FINANCE)
    response = _register(client, placement)
    assert response.status_code == 422
    assert "Kommunen har redan en faktura från utföraren med nummer F-100" in \
        response.get_data(as_text=True)
    assert len(_invoices(placement)) == 1
    assert _register(client, other_provider).status_code == 302  # another provider's number


def test_extra_days_are_flagged_with_the_reason(login_as):
    placement = money.placement(days_ago=120)
    first, last = _last_month()
    money.report(placement, first, _days(first, last))
    db.session.commit()
    client = login_as(FINANCE)
    days = _days(first, last) + 3
    assert _register(client, placement, days=days, amount=str(days * 4500)).status_code == 302
    [invoice] = _invoices(placement)
    assert invoice.mismatch_reason == "Dygnen skiljer sig; Beloppet skiljer sig"
    html = client.get(f"/finance/placements/{placement.id}").get_data(as_text=True)
    assert f"Fakturan anger {days} dygn, placeringen har {days - 3} vårddygn" in html
    flagged = client.get("/finance/invoices?flagged=1").get_data(as_text=True)
    assert "Avviker: Dygnen skiljer sig" in flagged


def test_a_rate_difference_and_an_overlap_are_flagged(login_as):
    placement = money.placement(days_ago=120)
    first, last = _last_month()
    money.invoice(placement, first - timedelta(days=5), first, 6, 6 * 450_000, number="F-99")
    db.session.commit()
    response = _register(login_as(FINANCE), placement, amount=str(_days(first, last) * 4800))
    assert response.status_code == 302
    invoice = _invoices(placement)[-1]
    assert invoice.mismatch_reason == ("Beloppet skiljer sig; "
                                       "Perioden överlappar en tidigare faktura")


def test_bad_input_is_refused_next_to_the_field_and_kept(login_as):
    placement = money.placement(days_ago=120)
    db.session.commit()
    response = _register(login_as(FINANCE), placement, amount="4.500,50",
                         period_start="1 mars")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Skriv belopp med decimalkomma" in html
    assert "Ange datum som ÅÅÅÅ-MM-DD." in html
    assert 'value="4.500,50"' in html
    assert _invoices(placement) == []


def test_a_period_before_the_start_is_refused(login_as):
    placement = money.placement(days_ago=10)
    db.session.commit()
    start = placement.start_date
    response = _register(login_as(FINANCE), placement,
                         period_start=(start - timedelta(days=3)).isoformat(),
                         period_end=start.isoformat(), days=4, amount="18 000")
    assert response.status_code == 422
    assert "Perioden börjar före placeringens start" in response.get_data(as_text=True)


def test_a_correction_is_reconciled_again_and_a_stale_one_gets_409(login_as):
    placement = money.placement(days_ago=120)
    first, last = _last_month()
    days = _days(first, last)
    invoice = money.invoice(placement, first, last, days + 1, (days + 1) * 450_000,
                            mismatch_reason="Dygnen skiljer sig")
    db.session.commit()
    client = login_as(FINANCE)
    path = f"/finance/invoices/{invoice.id}/edit"
    data = {"invoice_number": invoice.invoice_number, "period_start": first.isoformat(),
            "period_end": last.isoformat(), "days": days, "amount": str(days * 4500),
            "received_on": "", "note": "Rättad"}
    stale = post(client, path, {**data, "version": invoice.version + 1}, token_from=path)
    assert stale.status_code == 409
    assert post(client, path, {**data, "version": invoice.version},
                token_from=path).status_code == 302
    [invoice] = _invoices(placement)
    assert (invoice.days, invoice.mismatch_reason, invoice.note) == (days, None, "Rättad")


def test_reconciling_again_picks_up_a_report_that_came_later(login_as):
    placement = money.placement(days_ago=120)
    first, last = _last_month()
    days = _days(first, last)
    money.invoice(placement, first, last, days, days * 450_000)
    money.report(placement, first, days - 2)
    db.session.commit()
    path = f"/finance/placements/{placement.id}/reconcile"
    response = post(login_as(FINANCE), path, {}, token_from=f"/finance/placements/{placement.id}")
    assert response.status_code == 302
    assert _invoices(placement)[0].mismatch_reason == "Dygnen skiljer sig"


def test_a_negative_amount_is_refused(login_as):
    placement = money.placement(days_ago=120)
    db.session.commit()
    response = _register(login_as(FINANCE), placement, amount="-100")
    assert response.status_code == 422
    assert "0 kr eller mer" in response.get_data(as_text=True)


def test_an_invoice_flag_follows_a_report_that_arrives_later(login_as):
    """The provider's report for the month comes after the invoice: the flag updates itself."""
    placement = money.placement(days_ago=120)
    first, last = _last_month()
    money.report(placement, first, _days(first, last) - 3)  # the report says three days fewer
    db.session.commit()
    assert _register(login_as(FINANCE), placement).status_code == 302
    [invoice] = _invoices(placement)
    assert invoice.mismatch_reason == "Dygnen skiljer sig"

    report = db.session.scalar(select(MonthlyReport).where(
        MonthlyReport.placement_id == placement.id, MonthlyReport.month == first))
    officer = login_as("case_officer", "solna")
    path = f"/placements/rapporter/{report.id}"
    response = post(officer, path, {"received_on": today().isoformat(),
                                    "days_in_care": str(_days(first, last)),
                                    "participation": "full", "version": str(report.version)},
                    token_from=path)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    [invoice] = _invoices(placement)
    assert invoice.mismatch_reason is None
