"""Alert-test defaults on top of tests/factories.py (dates around the spring of 2026)."""

from datetime import date

from tests import factories


def deviation(placement_=None, **values):
    placement_ = placement_ or factories.placement()
    return factories.deviation(placement_, **{"occurred_on": date(2026, 3, 2), **values})


def extension(placement_, new_end, decided_on=None):
    """Extend a placement as the placement service does: a row and a new planned end."""
    return factories.extension(placement_, new_end=new_end,
                               decided_on=decided_on or placement_.start_date)


def option(agreement_, **values):
    return factories.option(agreement_, **{"exercise_by": date(2027, 3, 31), **values})


def assessment(provider_, valid_until, **values):
    """A completed assessment of the provider, valid until the given day."""
    return factories.completed_assessment(provider_, valid_until=valid_until,
                                          **{"band": "Hög", **values})


def invoice(placement_, **values):
    return factories.invoice(placement_, **{"invoice_number": f"F-{placement_.id}", **values})


claim = factories.claim

POLICE_DATES = {"police_definition_on": date(2025, 12, 20), "motivated_on": date(2025, 12, 20),
                "protection_need_on": date(2025, 12, 20), "consent_on": date(2025, 12, 20),
                "conditions_agreement_on": date(2025, 12, 20)}
