"""A provider's effective status and permit status, derived from dates (never stored by a job).

Each rule is written twice on purpose: once in Python for one provider, once as a SQL
clause for filtering lists. tests/providers/test_status.py proves the two agree.
"""

from datetime import timedelta

from sqlalchemy import and_, false, or_

from registry.core.enums import LabelledEnum
from registry.providers.models import Provider, ProviderStatus, ServiceType

# A permit expiring within this many days is flagged (the permit_expiring alert uses 60 too).
PERMIT_WARNING_DAYS = 60


def effective_status(status, suspended_until, on):
    """Return the status in force on day `on`: a suspension lifts itself after its last day."""
    if status == ProviderStatus.SUSPENDED and suspended_until is not None \
            and suspended_until < on:
        return ProviderStatus.ACTIVE
    return ProviderStatus(status)


def provider_status(provider, on):
    """Return the provider's effective status on day `on`."""
    return effective_status(provider.status, provider.suspended_until, on)


def status_clause(status, on):
    """Return a WHERE clause: the provider's effective status on `on` is `status`."""
    lifted = and_(Provider.status == ProviderStatus.SUSPENDED.value,
                  Provider.suspended_until < on)
    if status == ProviderStatus.ACTIVE:
        return or_(Provider.status == ProviderStatus.ACTIVE.value, lifted)
    if status == ProviderStatus.SUSPENDED:
        return and_(Provider.status == status, ~lifted)
    return Provider.status == status


class PermitStatus(LabelledEnum):
    VALID = "valid", "Gäller"
    EXPIRING = "expiring", f"Går ut inom {PERMIT_WARNING_DAYS} dagar"
    EXPIRED = "expired", "Har gått ut"
    MISSING = "missing", "Saknas men krävs"
    NOT_REQUIRED = "not_required", "Krävs inte"


PERMIT_TAGS = {PermitStatus.VALID: "ok", PermitStatus.EXPIRING: "warn",
               PermitStatus.EXPIRED: "bad", PermitStatus.MISSING: "bad",
               PermitStatus.NOT_REQUIRED: "neutral"}


def permit_status(provider, on):
    """Return the state of the provider's IVO permit on day `on`."""
    if not provider.permit_number:
        needed = any(service.requires_permit for service in provider.services)
        return PermitStatus.MISSING if needed else PermitStatus.NOT_REQUIRED
    until = provider.permit_valid_until
    if until is not None and until < on:
        return PermitStatus.EXPIRED
    if until is not None and until < on + timedelta(days=PERMIT_WARNING_DAYS):
        return PermitStatus.EXPIRING
    return PermitStatus.VALID


def permit_clause(state, on):
    """Return a WHERE clause: the provider's permit is in `state` on day `on`."""
    has_permit = and_(Provider.permit_number.is_not(None), Provider.permit_number != "")
    needed = Provider.services.any(ServiceType.requires_permit.is_(True))
    until = Provider.permit_valid_until
    horizon = on + timedelta(days=PERMIT_WARNING_DAYS)
    clauses = {
        PermitStatus.MISSING: and_(~has_permit, needed),
        PermitStatus.NOT_REQUIRED: and_(~has_permit, ~needed),
        PermitStatus.EXPIRED: and_(has_permit, until < on),
        PermitStatus.EXPIRING: and_(has_permit, until >= on, until < horizon),
        PermitStatus.VALID: and_(has_permit, or_(until.is_(None), until >= horizon)),
    }
    return clauses.get(state, false())
