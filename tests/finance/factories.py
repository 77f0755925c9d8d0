"""Finance test rows: placements that meet the police criteria, invoices, claims, budgets."""

from datetime import timedelta

from registry.core.dates import today
from registry.finance.models import Budget
from registry.placements.choices import POLICE_CRITERIA
from tests import factories
from tests.factories import _add, reference_municipality

RATE = 450_000  # 4 500 kr per dygn

municipality = reference_municipality


def criteria(before, missing=()):
    """Every police-criterion date, `before` the start, except those in `missing`."""
    return {name: before for name in POLICE_CRITERIA if name not in missing}


def placement(slug="solna", days_ago=100, rate=RATE, missing=(), **values):
    """A placement of `slug` (a Municipality or a reference slug) that started `days_ago`
    days ago with the criteria met."""
    start = values.pop("start_date", today() - timedelta(days=days_ago))
    values = {**criteria(start - timedelta(days=7), missing), **values}
    return factories.placement(slug, start_date=start, daily_rate_ore=rate, **values)


def rate_change(placement_, valid_from, rate):
    return factories.rate_change(placement_, valid_from=valid_from, daily_rate_ore=rate)


def report(placement_, month, days, **values):
    return factories.monthly_report(placement_, month=month, days_in_care=days,
                                    **{"received_on": today(), **values})


def invoice(placement_, first, last, days, amount_ore, number=None, **values):
    number = number or f"T-{placement_.id}-{first.isoformat()}"
    return factories.invoice(placement_, invoice_number=number, period_start=first,
                             period_end=last, days=days, amount_ore=amount_ore,
                             **{"received_on": None, **values})


def claim(placement_, first, last, amount_ore, status="draft", **values):
    return factories.claim(placement_, first, last, status=status, amount_ore=amount_ore,
                           **values)


def budget(slug, year, line, amount_ore, **values):
    found = factories._municipality_of(slug)
    return _add(Budget(municipality_id=found.id, year=year, line=line, amount_ore=amount_ore,
                       **values))
