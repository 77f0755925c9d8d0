"""Procurement test rows: agreements with municipalities as parties, providers on them."""

from tests import factories
from tests.factories import option, reference_municipality

__all__ = ["municipality", "option", "party_agreement"]

municipality = reference_municipality


def party_agreement(lead="solna", participants=(), providers=(), **values):
    """Return an agreement led by `lead`, with participants and ranked providers.

    Municipalities may be given as Municipality objects or reference slugs.
    """
    lead = factories._municipality_of(lead)
    agreement = factories.agreement(lead=lead, **values)
    factories.party(agreement, lead, *map(factories._municipality_of, participants))
    factories.ranked(agreement, *providers)
    factories.db.session.refresh(agreement)
    return agreement
