"""Invoice reconciliation (pure): the invoice against the care days, the reports and the rate.

An invoice is flagged, with every reason that applies, when
* its days differ from the placement's care days in the period, or from the days the
  provider's monthly reports give for the months the period covers whole;
* its amount differs, beyond the tolerance, from what should be paid for the period: the
  placement's cost for it by the money rule (calculations.cost, DESIGN §2a), whatever days
  the invoice claims;
* its period overlaps an earlier invoice of the same placement.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from registry.core.dates import add_months
from registry.core.enums import LabelledEnum
from registry.core.money import format_money
from registry.finance import addons as addon_money
from registry.finance import calculations as calc

ONE_DAY = timedelta(days=1)


class Reason(LabelledEnum):
    DAYS = "days_differ", "Dygnen skiljer sig"
    RATE = "rate_differs", "Beloppet skiljer sig"
    OVERLAP = "period_overlaps", "Perioden överlappar en tidigare faktura"


@dataclass(frozen=True)
class InvoiceFacts:
    """What reconciliation needs to know about one invoice."""

    id: int | None
    number: str
    first: date
    last: date
    days: int
    amount_ore: int


@dataclass(frozen=True)
class Check:
    """The outcome of reconciling one invoice; `reasons` is empty when it agrees."""

    care_days: int
    reported_days: int | None  # None: the reports do not cover the period's months whole
    expected_ore: int  # what should be paid for the period (the placement's cost for it)
    reasons: tuple  # ((Reason, Swedish detail), ...)
    invoiced_ore: int = 0

    @property
    def agrees(self):
        return not self.reasons

    @property
    def difference_ore(self):
        """Return how much more (negative: less) the invoice asks than should be paid."""
        return self.invoiced_ore - self.expected_ore

    def summary(self):
        """Return the short Swedish labels of the kinds of reason (stored on the invoice), or None.

        Each kind is named once, however many earlier invoices a period overlaps, so the text
        is bounded by the three labels (it fits its column, migration-free).
        """
        if not self.reasons:
            return None
        kinds = dict.fromkeys(Reason(reason) for reason, _ in self.reasons)
        return "; ".join(kind.label for kind in kinds)


def reported_days(plan, first, last, days_by_month):
    """Return the reported days of the months whose care days first..last covers whole.

    `days_by_month` maps a month's first day to the provider's days_in_care. None when a
    month is only partly covered or has no report, so there is nothing to compare with.
    """
    total = 0
    for month in calc.months_between(first, last):
        month_last = add_months(month, 1) - ONE_DAY
        care_in_month = calc.care_range(plan, month, month_last)
        if care_in_month is None:
            continue
        if care_in_month[0] < first or care_in_month[1] > last:
            return None
        if days_by_month.get(month) is None:
            return None
        total += days_by_month[month]
    return total


def reconcile(plan, invoice, days_by_month, earlier, tolerance_ore, addons=()):
    """Return the Check of `invoice` (InvoiceFacts) against the plan, reports and `earlier`.

    The amount that should be paid is the placement's cost with its add-ons (AddonPlan) for
    the days, hours or months of the period they cover.
    """
    care = calc.care_days(plan, invoice.first, invoice.last)
    reported = reported_days(plan, invoice.first, invoice.last, days_by_month)
    expected = addon_money.total_cost(plan, addons, invoice.first, invoice.last)
    # Days are compared only where the price is by the day or month; hours and programmes
    # are checked by their amount alone.
    reasons = [*_day_reasons(invoice, care, reported)] if plan.unit in ("day", "month") else []
    if abs(invoice.amount_ore - expected) > tolerance_ore:
        reasons.append((Reason.RATE, f"Fakturerat {format_money(invoice.amount_ore)}, men "
                                     f"perioden ska kosta {format_money(expected)} enligt "
                                     f"placeringens pris."))
    reasons += _overlap_reasons(invoice, earlier)
    return Check(care, reported, expected, tuple(reasons), invoice.amount_ore)


def _day_reasons(invoice, care, reported):
    if invoice.days != care:
        yield (Reason.DAYS, f"Fakturan anger {invoice.days} dygn, placeringen har {care} "
                            f"vårddygn under perioden.")
    elif reported is not None and invoice.days != reported:
        yield (Reason.DAYS, f"Fakturan anger {invoice.days} dygn, månadsrapporterna "
                            f"{reported} dygn.")


def _overlap_reasons(invoice, earlier):
    for other in earlier:
        shared = calc.overlap(invoice.first, invoice.last, other.first, other.last)
        if shared:
            yield (Reason.OVERLAP, f"Perioden överlappar faktura {other.number} "
                                   f"({other.first.isoformat()}–{other.last.isoformat()}).")
