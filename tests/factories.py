"""Test rows: plain functions that add an object, flush it and return it.

The one place that builds a test's world. Each call gets fresh unique values (slugs, codes,
organisation numbers, references, e-mail addresses), so tests never depend on the demo
data; reference data (the eight municipalities, service types, the checklist) is seeded
without the demo and may be read with `reference_municipality`. Keyword arguments override
any column. The area modules (tests/<area>/factories.py) build on these functions.

    town = factories.municipality()                      # fictional, code 9xxx
    solna = factories.reference_municipality("solna")    # seeded reference data
    officer = factories.user("case_officer", town)       # password factories.PASSWORD
    same = factories.staff("case_officer", "solna")      # this test's one such user
    client = login_as(officer)  # or login_as("case_officer", "solna") (tests/conftest.py)
    agreement, provider, service, item = factories.priced_line(town, price_ore=450_000)
    case = factories.placement(town, agreement_=agreement, provider_id=provider.id)
    factories.monthly_report(case, month=date(2026, 2, 1))
"""

import itertools
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from registry.agreements.models import (
    Agreement,
    AgreementProvider,
    ExtensionOption,
    PriceListItem,
    agreement_parties,
)
from registry.alerts.models import Alert
from registry.auth.models import User, UserRole
from registry.auth.passwords import hash_password
from registry.core.dates import add_months, today
from registry.core.identifiers import luhn_ok
from registry.core.permissions import Role
from registry.extensions import db
from registry.finance.models import Invoice, ReimbursementClaim
from registry.municipalities.models import Municipality
from registry.placements.models import (
    Deviation,
    Extension,
    FollowUp,
    MonthlyReport,
    Placement,
    RateChange,
)
from registry.providers.models import Provider, ServiceType
from registry.quality.models import Assessment, ChecklistTemplate

PASSWORD = "test-password-0123456"  # every factory user's password (hashing is cheap in tests)
GLOBAL_ROLES = {Role.COORDINATOR.value, Role.ADMIN.value}  # roles without a municipality

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


def reference_municipality(key):
    """Return a seeded reference municipality by slug or SCB code ("solna", "0184")."""
    column = Municipality.scb_code if key.isdigit() else Municipality.slug
    found = db.session.scalar(select(Municipality).where(column == key))
    assert found is not None, f"no reference municipality {key!r}"
    return found


def _municipality_of(value):
    """Accept a Municipality, a reference slug or code, or None."""
    return reference_municipality(value) if isinstance(value, str) else value


_hashes = {}


def _password_hash(password):
    """Hash each password once: the hash carries its parameters and verifies under any."""
    if password not in _hashes:
        _hashes[password] = hash_password(password)
    return _hashes[password]


def user(role="case_officer", municipality_=None, *, roles=(), password=PASSWORD, **values):
    """A user with `role` (and `roles`) in a municipality: a fresh fictional one unless given.

    The coordinator and the admin belong to no municipality unless one is given.
    `municipality_` may be a Municipality or a reference slug/code.
    """
    n = _next()
    roles = sorted({str(role), *map(str, roles)})
    municipality_ = _municipality_of(municipality_)
    if municipality_ is None and not GLOBAL_ROLES.issuperset(roles):
        municipality_ = municipality()
    defaults = {"email": f"{roles[0]}.{n}@test.invalid",
                "display_name": f"Test {roles[0]} {n}",
                "password_hash": _password_hash(password),
                "municipality_id": municipality_.id if municipality_ else None}
    found = User(**{**defaults, **values})
    found.role_rows = [UserRole(role=r) for r in roles]
    return _add(found)


_staff = {}


def staff(role="case_officer", municipality_=None):
    """Return this test's one user of `role` in the municipality, built on first use.

    `municipality_` is a Municipality or a reference slug/code (None for coordinator and
    admin). Asking twice in a test gives the same user, so a test can log in as "the Solna
    case officer" and later check what that user did. Cleared before every test.
    """
    found = _municipality_of(municipality_)
    key = (str(role), found.id if found else None)
    if key not in _staff:
        _staff[key] = user(role, found)
    return _staff[key]


def forget_staff():
    """Forget the users `staff` built (each test's rows are rolled back)."""
    _staff.clear()


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


def party(agreement_, *municipalities):
    """Make the municipalities parties to the agreement."""
    for found in municipalities:
        db.session.execute(agreement_parties.insert().values(agreement_id=agreement_.id,
                                                             municipality_id=found.id))
    db.session.flush()
    db.session.expire(agreement_)
    return agreement_


def ranked(agreement_, *providers):
    """Put the providers on the agreement, ranked in the order given."""
    for rank, found in enumerate(providers, start=1):
        db.session.add(AgreementProvider(agreement_id=agreement_.id, provider_id=found.id,
                                         rank=rank))
    db.session.flush()
    db.session.expire(agreement_)
    return agreement_


def priced_line(municipality_=None, price_ore=450_000, valid_from=date(2025, 1, 1),
                **agreement_values):
    """An agreement the municipality leads and is party to, pricing a provider's service.

    Returns (agreement, provider, service type, price item); the provider is active.
    """
    lead = _municipality_of(municipality_) or municipality()
    found = party(agreement(lead=lead, start_date=valid_from, end_date=date(2028, 12, 31),
                            **agreement_values), lead)
    seller = provider(status="active")
    service = service_type()
    item = price_item(found, seller, service, price_ore=price_ore, valid_from=valid_from)
    return found, seller, service, item


def option(agreement_, sequence=1, **values):
    """An extension option on the agreement."""
    defaults = {"agreement_id": agreement_.id, "sequence": sequence, "length_months": 12,
                "exercise_by": date(2027, 6, 30)}
    return _add(ExtensionOption(**{**defaults, **values}))


def placement(municipality_=None, agreement_=None, **values):
    """A placement under an agreement, unless `outside_agreement_reason` is given."""
    n = _next()
    municipality_ = _municipality_of(municipality_) or municipality()
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


def placement_with_reports(municipality_=None, months=(), days=None, **values):
    """A placement with a provider report for each month in `months`, received on the 5th
    of the following month, counting every care day of the month.

    `days` maps a month to its days in care when not the whole month from the start.
    """
    from registry.placements.rules import days_in_care

    found = placement(municipality_, **values)
    for month in months:
        in_care = (days or {}).get(month, days_in_care(found.start_date, found.end_date, month))
        monthly_report(found, month=month, days_in_care=in_care,
                       received_on=add_months(month, 1).replace(day=5))
    return found


def _child(model, placement_, **values):
    return _add(model(placement_id=placement_.id, municipality_id=placement_.municipality_id,
                      **values))


def follow_up(placement_, **values):
    return _child(FollowUp, placement_, **{"held_on": placement_.start_date, **values})


def deviation(placement_, **values):
    defaults = {"occurred_on": placement_.start_date, "kind": "new_crime",
                "reported_by": "police"}
    return _child(Deviation, placement_, **{**defaults, **values})


def extension(placement_, **values):
    """An extension row; with `new_end` the placement's planned end moves there too."""
    defaults = {"decided_on": placement_.start_date, "new_end": placement_.planned_end}
    row = _child(Extension, placement_, **{**defaults, **values})
    placement_.planned_end = row.new_end
    db.session.flush()
    return row


def rate_change(placement_, **values):
    defaults = {"valid_from": placement_.start_date, "daily_rate_ore": 300_000}
    return _child(RateChange, placement_, **{**defaults, **values})


def invoice(placement_, **values):
    """A provider's invoice for the placement (February 2026, 28 days, unless told)."""
    defaults = {"provider_id": placement_.provider_id, "invoice_number": f"F-{_next()}",
                "period_start": date(2026, 2, 1), "period_end": date(2026, 2, 28), "days": 28,
                "amount_ore": 7_000_000, "received_on": date(2026, 3, 5)}
    return _child(Invoice, placement_, **{**defaults, **values})


def claim(placement_, first, last, status="submitted", **values):
    """A reimbursement claim for the placement's days from `first` to `last`."""
    defaults = {"period_start": first, "period_end": last, "amount_ore": 100_000,
                "status": status}
    return _child(ReimbursementClaim, placement_, **{**defaults, **values})


def completed_assessment(provider_, **values):
    """A completed, passed assessment row of the provider on the seeded reference checklist."""
    template = db.session.scalar(select(ChecklistTemplate.id).order_by(ChecklistTemplate.id))
    values.setdefault("municipality_id", None)
    values["municipality_id"] = values["municipality_id"] or municipality().id
    defaults = {"provider_id": provider_.id, "template_id": template,
                "assessed_on": date(2026, 1, 10), "status": "completed", "score": 80.0,
                "passed": True, "band": "Godkänd", "lowest_band": False,
                "valid_until": date(2027, 6, 1)}
    return _add(Assessment(**{**defaults, **values}))


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
