"""Invoice reconciliation: days, reports, rate and overlap, each with its reason."""

from datetime import date

from registry.finance import calculations as calc
from registry.finance.reconciliation import InvoiceFacts, Reason, reconcile, reported_days

D = date
PLAN = calc.schedule(D(2026, 1, 15), None, 450_000, [(D(2026, 3, 10), 500_000)])
MARCH = 9 * 450_000 + 22 * 500_000
MARCH_1, MARCH_31 = D(2026, 3, 1), D(2026, 3, 31)
REPORTS = {D(2026, 1, 1): 17, D(2026, 2, 1): 28, D(2026, 3, 1): 31}


def invoice(first=MARCH_1, last=MARCH_31, days=31, amount=MARCH, number="F-1"):
    return InvoiceFacts(None, number, first, last, days, amount)


def reasons(facts, earlier=(), reports=None, tolerance=100):
    check = reconcile(PLAN, facts, REPORTS if reports is None else reports, list(earlier),
                      tolerance)
    return [reason for reason, _ in check.reasons], check


def test_an_invoice_that_matches_agrees():
    found, check = reasons(invoice())
    assert found == [] and check.agrees and check.summary() is None
    assert (check.care_days, check.reported_days, check.expected_ore) == (31, 31, MARCH)


def test_extra_days_are_flagged_as_days_differ():
    found, check = reasons(invoice(days=34, amount=MARCH))
    assert found == [Reason.DAYS]
    assert "34 dygn" in check.reasons[0][1] and "31" in check.reasons[0][1]
    assert check.summary() == "Dygnen skiljer sig"


def test_what_should_be_paid_is_the_periods_cost_not_invoiced_days_times_rate():
    """Three extra days invoiced at the rate: the amount too is more than should be paid."""
    found, check = reasons(invoice(days=34, amount=MARCH + 3 * 500_000))
    assert found == [Reason.DAYS, Reason.RATE]
    assert check.expected_ore == MARCH
    assert check.difference_ore == 3 * 500_000
    assert "ska kosta" in check.reasons[1][1]


def test_the_stored_summary_names_each_kind_once_however_many_overlaps():
    earlier = [invoice(D(2026, 3, day), D(2026, 3, day), number=f"F-{day}") for day in range(1, 9)]
    found, check = reasons(invoice(days=30, amount=1), earlier)
    assert found.count(Reason.OVERLAP) == 8
    assert check.summary() == ("Dygnen skiljer sig; Beloppet skiljer sig; "
                               "Perioden överlappar en tidigare faktura")


def test_days_that_differ_from_the_monthly_report_are_flagged():
    found, check = reasons(invoice(), reports={D(2026, 3, 1): 29})
    assert found == [Reason.DAYS] and "månadsrapporterna 29" in check.reasons[0][1]


def test_a_rate_that_differs_beyond_the_tolerance_is_flagged():
    found, check = reasons(invoice(amount=31 * 500_000))
    assert found == [Reason.RATE]
    assert "ska kosta" in check.reasons[0][1]


def test_a_difference_within_the_tolerance_is_accepted():
    assert reasons(invoice(amount=MARCH + 100))[0] == []
    assert reasons(invoice(amount=MARCH + 101))[0] == [Reason.RATE]


def test_a_period_overlapping_an_earlier_invoice_is_flagged():
    earlier = invoice(D(2026, 2, 1), D(2026, 3, 5), number="F-0")
    found, check = reasons(invoice(), [earlier])
    assert found == [Reason.OVERLAP] and "F-0" in check.reasons[0][1]


def test_every_reason_is_given_together():
    earlier = invoice(D(2026, 3, 31), D(2026, 4, 30), number="F-0")
    found, check = reasons(invoice(days=30, amount=1), [earlier])
    assert found == [Reason.DAYS, Reason.RATE, Reason.OVERLAP]
    assert len(check.summary()) <= 200


def test_reported_days_only_for_months_covered_whole():
    assert reported_days(PLAN, D(2026, 1, 15), D(2026, 2, 28), REPORTS) == 17 + 28
    assert reported_days(PLAN, D(2026, 3, 1), D(2026, 3, 15), REPORTS) is None
    assert reported_days(PLAN, D(2026, 4, 1), D(2026, 4, 30), REPORTS) is None  # no report
