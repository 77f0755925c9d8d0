"""Rows the alert tests need beyond tests/factories.py."""

from datetime import date

from sqlalchemy import select

from registry.agreements.models import ExtensionOption
from registry.finance.models import Invoice, ReimbursementClaim
from registry.placements.models import Deviation, Extension
from registry.quality.models import Assessment, ChecklistTemplate
from tests import factories
from tests.factories import _add


def deviation(placement_=None, **values):
    placement_ = placement_ or factories.placement()
    defaults = {"placement_id": placement_.id, "municipality_id": placement_.municipality_id,
                "occurred_on": date(2026, 3, 2), "kind": "new_crime", "reported_by": "police"}
    return _add(Deviation(**{**defaults, **values}))


def extension(placement_, new_end, decided_on=None):
    """Extend a placement as the placement service does: a row and a new planned end."""
    row = _add(Extension(placement_id=placement_.id, municipality_id=placement_.municipality_id,
                         decided_on=decided_on or placement_.start_date, new_end=new_end))
    placement_.planned_end = new_end
    factories.db.session.flush()
    return row


def option(agreement_, **values):
    defaults = {"agreement_id": agreement_.id, "sequence": 1, "length_months": 12,
                "exercise_by": date(2027, 3, 31)}
    return _add(ExtensionOption(**{**defaults, **values}))


def assessment(provider_, valid_until, **values):
    """A completed assessment of the provider, valid until the given day."""
    template = factories.db.session.scalar(select(ChecklistTemplate.id).limit(1))
    municipality = values.pop("municipality_id", None) or factories.municipality().id
    defaults = {"provider_id": provider_.id, "template_id": template,
                "municipality_id": municipality, "assessed_on": date(2026, 1, 10),
                "status": "completed", "score": 80.0, "passed": True, "band": "Hög",
                "lowest_band": False, "valid_until": valid_until}
    return _add(Assessment(**{**defaults, **values}))


def invoice(placement_, **values):
    defaults = {"placement_id": placement_.id, "municipality_id": placement_.municipality_id,
                "provider_id": placement_.provider_id, "invoice_number": f"F-{placement_.id}",
                "period_start": date(2026, 2, 1), "period_end": date(2026, 2, 28), "days": 28,
                "amount_ore": 7_000_000, "received_on": date(2026, 3, 5)}
    return _add(Invoice(**{**defaults, **values}))


def claim(placement_, first, last, status="submitted", **values):
    defaults = {"placement_id": placement_.id, "municipality_id": placement_.municipality_id,
                "period_start": first, "period_end": last, "amount_ore": 100_000,
                "status": status}
    return _add(ReimbursementClaim(**{**defaults, **values}))


POLICE_DATES = {"police_definition_on": date(2025, 12, 20), "motivated_on": date(2025, 12, 20),
                "protection_need_on": date(2025, 12, 20), "consent_on": date(2025, 12, 20),
                "conditions_agreement_on": date(2025, 12, 20)}
