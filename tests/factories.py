"""Test rows: plain functions that add an object, flush it and return it.

Each call gets fresh unique values (slugs, codes, organisation numbers, references), so
tests never depend on the demo data. Keyword arguments override any column.
"""

import itertools
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from registry.agreements.models import Agreement, PriceListItem
from registry.alerts.models import Alert
from registry.core.dates import add_months, today
from registry.core.identifiers import luhn_ok
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.placements.models import MonthlyReport, Placement
from registry.providers.models import Provider, ServiceType

_sequence = itertools.count(1)


def _next():
    return next(_sequence)


def _add(obj):
    db.session.add(obj)
    db.session.flush()
    return obj


def org_number(seed=None):
    """Return a Luhn-valid 'NNNNNN-NNNN' in the 98xxxx series (the demo data uses 9990xx)."""
    base = f"98{(_next() if seed is None else seed) % 10**7:07d}"
    check = next(d for d in "0123456789" if luhn_ok(base + d))
    digits = base + check
    return f"{digits[:6]}-{digits[6:]}"


def municipality(**values):
    n = _next()
    defaults = {"slug": f"testkommun-{n}", "name": f"Testkommun {n}",
                "scb_code": f"9{n % 1000:03d}", "lpo": f"LPO Test {n}"}
    return _add(Municipality(**{**defaults, **values}))


def service_type(**values):
    n = _next()
    defaults = {"code": f"test_service_{n}", "name": f"Testinsats {n}", "unit": "day"}
    return _add(ServiceType(**{**defaults, **values}))


def provider(**values):
    n = _next()
    defaults = {"legal_name": f"Testutförare {n} AB", "org_number": org_number(n),
                "org_form": "ab", "fictional": True}
    return _add(Provider(**{**defaults, **values}))


def agreement(lead=None, **values):
    n = _next()
    lead = lead or municipality()
    defaults = {"reference": f"TEST-AVT-{n:05d}", "title": f"Testavtal {n}",
                "form": "framework", "lead_municipality_id": lead.id,
                # Still running at the end of next year, whatever day the tests run on.
                "start_date": date(2026, 1, 1), "end_date": date(today().year + 1, 12, 31),
                "fictional": True}
    return _add(Agreement(**{**defaults, **values}))


def price_item(agreement_=None, provider_=None, service_type_=None, **values):
    agreement_ = agreement_ or agreement()
    provider_ = provider_ or provider()
    service_type_ = service_type_ or service_type()
    defaults = {"agreement_id": agreement_.id, "provider_id": provider_.id,
                "service_type_id": service_type_.id, "valid_from": agreement_.start_date,
                "price_ore": 250_000}
    return _add(PriceListItem(**{**defaults, **values}))


def placement(municipality_=None, agreement_=None, **values):
    """A placement under an agreement, unless `outside_agreement_reason` is given."""
    n = _next()
    municipality_ = municipality_ or municipality()
    if agreement_ is None and not values.get("outside_agreement_reason"):
        agreement_ = agreement(lead=municipality_)
    start = values.get("start_date", date(2026, 1, 15))
    defaults = {"municipality_id": municipality_.id, "case_reference": f"TEST-{n:05d}",
                "support_category": "police_defector", "age_band": "18_20",
                "service_type_id": values.pop("service_type_id", None) or service_type().id,
                "provider_id": values.pop("provider_id", None) or provider().id,
                "agreement_id": agreement_.id if agreement_ else None,
                "daily_rate_ore": 250_000, "start_date": start,
                "initial_period_end": add_months(start, 6),
                "planned_end": add_months(start, 6)}
    return _add(Placement(**{**defaults, **values}))


def monthly_report(placement_=None, **values):
    placement_ = placement_ or placement()
    defaults = {"placement_id": placement_.id, "municipality_id": placement_.municipality_id,
                "month": date(2026, 2, 1), "source": "provider", "days_in_care": 28}
    return _add(MonthlyReport(**{**defaults, **values}))


def alert(**values):
    n = _next()
    defaults = {"rule": "agreement_expiring", "subject_type": "agreement", "subject_id": n,
                "audience": "purchaser", "due_date": date(2026, 12, 31)}
    return _add(Alert(**{**defaults, **values}))


def assert_refused(make, constraint=None):
    """Run `make` in a SAVEPOINT and assert the database refuses it (naming the CHECK)."""
    with pytest.raises(IntegrityError) as refusal, db.session.begin_nested():
        make()
    if constraint:
        assert constraint in str(refusal.value.orig)
