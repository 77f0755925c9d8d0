"""Writes to the shared provider registry: register, edit, change status. Flush, audit, raise."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from registry.core import audit
from registry.core.dates import today
from registry.core.locking import check_version
from registry.core.refusal import Refused
from registry.extensions import db
from registry.providers.models import Provider, ProviderStatus, ServiceType
from registry.providers.status import effective_status

EDITABLE = ("legal_name", "org_number", "org_form", "municipality_id", "target_groups",
            "regions", "capacity", "description", "permit_number", "permit_scope",
            "permit_valid_until", "contact_email", "contact_phone", "website")
OPTIONAL = {"permit_number", "permit_scope", "contact_email", "contact_phone", "website",
            "municipality_id"}
STATUS_FIELDS = ("status", "status_reason", "status_changed_on", "suspended_until")


def create_provider(values, service_ids):
    """Register a provider from form values; refuse a duplicate organisation number."""
    return _save(Provider(status=ProviderStatus.ACTIVE.value), values, service_ids, "create")


def update_provider(provider, values, service_ids, version):
    """Change a provider's details (its status changes go through change_status)."""
    check_version(provider, version)
    return _save(provider, values, service_ids, "update")


def _save(provider, values, service_ids, action):
    with db.session.no_autoflush:  # the duplicate check must run before anything is written
        for name in EDITABLE:
            if name in values:
                setattr(provider, name, _clean(name, values[name]))
        before = {s.id for s in provider.services}
        provider.services = _service_types(service_ids)
        changes = audit.diff(provider, EDITABLE) if action == "update" else {}
    if before != set(service_ids):
        changes["services"] = {"before": sorted(before), "after": sorted(service_ids)}
    _flush_unique(provider)
    audit.record(action, entity="provider", entity_id=provider.id, changes=changes)
    return provider


def _clean(name, value):
    """Strip text; an empty optional field is stored as NULL, an empty text column as ''."""
    if isinstance(value, str):
        value = value.strip()
        if not value and name in OPTIONAL:
            return None
    return value


def _service_types(ids):
    if not ids:
        return []
    return list(db.session.scalars(select(ServiceType).where(ServiceType.id.in_(ids))))


def _flush_unique(provider):
    """Flush, turning a duplicate organisation number (even from a race) into a refusal."""
    with db.session.no_autoflush:
        taken = db.session.scalar(select(Provider.id).where(
            Provider.org_number == provider.org_number, Provider.id != (provider.id or 0)))
    if taken is not None:
        raise Refused(duplicate_message(provider.org_number), "org_number")
    db.session.add(provider)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as exc:
        raise Refused(duplicate_message(provider.org_number), "org_number") from exc


def duplicate_message(org_number):
    return f"Det finns redan en utförare med organisationsnummer {org_number}."


def change_status(provider, action, reason, suspended_until, version, on=None):
    """Suspend (until a date), terminate, put under review or reinstate, with a reason."""
    check_version(provider, version)
    on = on or today()
    reason = (reason or "").strip()
    if not reason:
        raise Refused("Ange skälet till ändringen.", "reason")
    new_status, until = _next_status(provider, action, suspended_until, on)
    provider.status = new_status.value
    provider.status_reason = reason
    provider.status_changed_on = on
    provider.suspended_until = until
    changes = audit.diff(provider, STATUS_FIELDS)
    db.session.flush()
    audit.record("update", entity="provider", entity_id=provider.id, changes=changes)
    return provider


def _next_status(provider, action, suspended_until, on):
    """Return (status, suspended_until) for an action, or refuse it."""
    current = effective_status(provider.status, provider.suspended_until, on)
    if action == "suspend":
        if suspended_until is None:
            raise Refused("En avstängning behöver ett slutdatum.", "suspended_until")
        if suspended_until < on:
            raise Refused("Slutdatumet kan inte ligga före i dag.", "suspended_until")
        return ProviderStatus.SUSPENDED, suspended_until
    targets = {"terminate": ProviderStatus.TERMINATED, "review": ProviderStatus.UNDER_REVIEW,
               "reinstate": ProviderStatus.ACTIVE}
    if action not in targets:
        raise Refused("Välj en giltig ändring.", "action")
    if targets[action] == current:
        raise Refused("Utföraren har redan den statusen.", "action")
    return targets[action], None
