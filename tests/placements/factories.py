"""Test rows for placements: the demo municipalities, priced agreements, case children."""

from datetime import date, datetime

from sqlalchemy import select

from registry.agreements.models import agreement_parties
from registry.auth.models import User
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.placements.models import Deviation, Extension, FollowUp, RateChange
from registry.quality.models import Assessment
from tests import factories


def municipality(slug):
    """Return a demo municipality by slug."""
    return db.session.scalar(select(Municipality).where(Municipality.slug == slug))


def user(email):
    """Return a demo user by e-mail."""
    return db.session.scalar(select(User).where(User.email == email))


def priced_line(slug, price_ore=450_000, valid_from=date(2025, 1, 1), **agreement_values):
    """An agreement the municipality leads, with a base price for a provider and a service."""
    lead = municipality(slug)
    agreement = factories.agreement(lead=lead, start_date=valid_from,
                                    end_date=date(2028, 12, 31), **agreement_values)
    db.session.execute(agreement_parties.insert().values(agreement_id=agreement.id,
                                                         municipality_id=lead.id))
    provider = factories.provider(status="active")
    service = factories.service_type()
    item = factories.price_item(agreement, provider, service, price_ore=price_ore,
                                valid_from=valid_from)
    return agreement, provider, service, item


def assessment(provider_, **values):
    """Give the provider a completed assessment: passed, in a middle band, unless told."""
    template_id = db.session.scalar(select(Assessment.template_id).limit(1))
    assessor = db.session.scalar(select(Assessment.assessor_id).limit(1))
    defaults = {"provider_id": provider_.id, "template_id": template_id,
                "municipality_id": municipality("solna").id, "assessor_id": assessor,
                "assessed_on": date(2025, 6, 1), "status": "completed", "score": 80.0,
                "passed": True, "band": "Godkänd", "lowest_band": False,
                "valid_until": date(2027, 6, 1), "completed_at": datetime(2025, 6, 1, 12)}
    return _add(Assessment(**{**defaults, **values}))


def _add(obj):
    db.session.add(obj)
    db.session.flush()
    return obj


def _child(model, placement, **values):
    return _add(model(placement_id=placement.id, municipality_id=placement.municipality_id,
                      **values))


def follow_up(placement, **values):
    return _child(FollowUp, placement, **{"held_on": placement.start_date, **values})


def deviation(placement, **values):
    defaults = {"occurred_on": placement.start_date, "kind": "new_crime",
                "reported_by": "police"}
    return _child(Deviation, placement, **{**defaults, **values})


def extension(placement, **values):
    defaults = {"decided_on": placement.start_date, "new_end": placement.planned_end}
    return _child(Extension, placement, **{**defaults, **values})


def rate_change(placement, **values):
    defaults = {"valid_from": placement.start_date, "daily_rate_ore": 300_000}
    return _child(RateChange, placement, **{**defaults, **values})
