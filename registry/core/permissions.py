"""Named permissions, the roles that hold them, and the route guard."""

from enum import StrEnum
from functools import wraps

from flask import abort, request
from flask_login import current_user, login_required

from registry.core.audit import record_denied
from registry.core.enums import LabelledEnum


class Role(LabelledEnum):
    PURCHASER = "purchaser", "Upphandlare"
    CASE_OFFICER = "case_officer", "Socialsekreterare"
    FINANCE = "finance", "Ekonom"
    COORDINATOR = "coordinator", "FoU-samordnare"
    ADMIN = "admin", "Systemförvaltare"


class Permission(StrEnum):
    PROVIDERS_VIEW = "providers:view"
    PROVIDERS_EDIT = "providers:edit"
    AGREEMENTS_VIEW = "agreements:view"
    AGREEMENTS_EDIT = "agreements:edit"
    PRICES_EDIT = "prices:edit"
    QUALITY_VIEW = "quality:view"
    QUALITY_ASSESS = "quality:assess"
    QUALITY_TEMPLATES = "quality:templates"
    SERVICE_TYPES_EDIT = "service_types:edit"
    PLACEMENTS_VIEW = "placements:view"
    PLACEMENT_MONEY_VIEW = "placements:money:view"  # dates, prices and costs only (finance)
    PLACEMENTS_EDIT = "placements:edit"
    PLACEMENTS_REPORT_CREATE = "placements:report:create"
    RATES_CONFIRM = "placements:rates:confirm"
    FINANCE_VIEW = "finance:view"
    FINANCE_EDIT = "finance:edit"
    CLAIMS_APPROVE = "finance:claims:approve"
    ALERTS_VIEW = "alerts:view"
    STATS_VIEW = "stats:view"
    STATS_CROSS_MUNICIPAL = "stats:cross_municipal"
    USERS_MANAGE = "users:manage"
    AUDIT_VIEW = "audit:view"


P = Permission
_SHARED_READ = {P.PROVIDERS_VIEW, P.AGREEMENTS_VIEW, P.QUALITY_VIEW, P.STATS_VIEW, P.ALERTS_VIEW}

ROLE_PERMISSIONS = {
    Role.PURCHASER: _SHARED_READ
    | {P.PROVIDERS_EDIT, P.AGREEMENTS_EDIT, P.PRICES_EDIT, P.QUALITY_ASSESS},
    Role.CASE_OFFICER: _SHARED_READ
    | {P.PLACEMENTS_VIEW, P.PLACEMENT_MONEY_VIEW, P.PLACEMENTS_EDIT, P.PLACEMENTS_REPORT_CREATE,
       P.RATES_CONFIRM},
    Role.FINANCE: _SHARED_READ
    | {P.PLACEMENT_MONEY_VIEW, P.FINANCE_VIEW, P.FINANCE_EDIT, P.CLAIMS_APPROVE, P.RATES_CONFIRM},
    Role.COORDINATOR: _SHARED_READ
    | {P.QUALITY_TEMPLATES, P.STATS_CROSS_MUNICIPAL, P.SERVICE_TYPES_EDIT},
    Role.ADMIN: {P.USERS_MANAGE, P.AUDIT_VIEW, P.ALERTS_VIEW},
}

# Permissions that touch one municipality's case data: the user must belong to one.
CASE_DATA = {P.PLACEMENTS_VIEW, P.PLACEMENT_MONEY_VIEW, P.PLACEMENTS_EDIT,
             P.PLACEMENTS_REPORT_CREATE, P.RATES_CONFIRM, P.FINANCE_VIEW, P.FINANCE_EDIT,
             P.CLAIMS_APPROVE}


def permissions_for(roles):
    """Return the union of permissions held by the given roles."""
    granted = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(Role(role), set())
    return granted


def _record_id(view_args):
    """Return the id of the record a refused request named (the last `*_id` argument)."""
    ids = [value for name, value in view_args.items()
           if name.endswith("_id") and isinstance(value, int)]
    return ids[-1] if ids else None


def require(*permissions):
    """Guard a view: login required, then every named permission, else 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not all(current_user.can(p) for p in permissions):
                record_denied(request.endpoint or view.__name__, _record_id(kwargs))
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_permissions = permissions
        return wrapped

    return decorator
