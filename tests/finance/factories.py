"""Finance test rows: placements that meet the police criteria, invoices, claims, budgets."""

from datetime import timedelta

from sqlalchemy import select

from registry.core.dates import today
from registry.extensions import db
from registry.finance.models import Budget, Invoice, ReimbursementClaim
from registry.municipalities.models import Municipality
from registry.placements.choices import POLICE_CRITERIA
from registry.placements.models import MonthlyReport, RateChange
from tests import factories

RATE = 450_000  # 4 500 kr per dygn


def municipality(slug):
    return db.session.scalar(select(Municipality).where(Municipality.slug == slug))


def criteria(before, missing=()):
    """Every police-criterion date, `before` the start, except those in `missing`."""
    return {name: before for name in POLICE_CRITERIA if name not in missing}


def placement(slug="solna", days_ago=100, rate=RATE, missing=(), **values):
    """A placement of `slug` that started `days_ago` days ago with the criteria met."""
    start = values.pop("start_date", today() - timedelta(days=days_ago))
    values = {**criteria(start - timedelta(days=7), missing), **values}
    return factories.placement(municipality_=municipality(slug), start_date=start,
                               daily_rate_ore=rate, **values)


def _child(model, placement_, **values):
    row = model(placement_id=placement_.id, municipality_id=placement_.municipality_id, **values)
    db.session.add(row)
    db.session.flush()
    return row


def rate_change(placement_, valid_from, rate):
    return _child(RateChange, placement_, valid_from=valid_from, daily_rate_ore=rate)


def report(placement_, month, days, **values):
    return _child(MonthlyReport, placement_, month=month, source="provider", days_in_care=days,
                  received_on=today(), **values)


def invoice(placement_, first, last, days, amount_ore, number=None, **values):
    number = number or f"T-{placement_.id}-{first.isoformat()}"
    return _child(Invoice, placement_, provider_id=placement_.provider_id, invoice_number=number,
                  period_start=first, period_end=last, days=days, amount_ore=amount_ore, **values)


def claim(placement_, first, last, amount_ore, status="draft", **values):
    return _child(ReimbursementClaim, placement_, period_start=first, period_end=last,
                  amount_ore=amount_ore, status=status, **values)


def budget(slug, year, line, amount_ore, **values):
    row = Budget(municipality_id=municipality(slug).id, year=year, line=line,
                 amount_ore=amount_ore, **values)
    db.session.add(row)
    db.session.flush()
    return row
