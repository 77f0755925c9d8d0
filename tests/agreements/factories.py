"""Procurement test rows: agreements with demo municipalities as parties, providers on them."""

from datetime import date

from sqlalchemy import select

from registry.agreements.models import AgreementProvider, ExtensionOption
from registry.extensions import db
from registry.municipalities.models import Municipality
from tests import factories


def municipality(slug):
    """Return a demo municipality by slug (the demo users belong to these)."""
    return db.session.scalar(select(Municipality).where(Municipality.slug == slug))


def party_agreement(lead="solna", participants=(), providers=(), **values):
    """Return an agreement led by a demo municipality, with participants and providers."""
    agreement = factories.agreement(lead=municipality(lead), **values)
    agreement.participants = [municipality(slug) for slug in (lead, *participants)]
    for rank, provider in enumerate(providers, start=1):
        db.session.add(AgreementProvider(agreement_id=agreement.id, provider_id=provider.id,
                                         rank=rank))
    db.session.flush()
    db.session.refresh(agreement)
    return agreement


def option(agreement, sequence=1, **values):
    defaults = {"agreement_id": agreement.id, "sequence": sequence, "length_months": 12,
                "exercise_by": date(2027, 6, 30)}
    row = ExtensionOption(**{**defaults, **values})
    db.session.add(row)
    db.session.flush()
    return row
