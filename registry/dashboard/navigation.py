"""The main menu and the names every template may use (one query: the open-alert count)."""

from dataclasses import dataclass, replace

from flask import current_app, request
from flask_login import current_user

from registry.alerts.queries import open_count
from registry.core.dates import today
from registry.core.permissions import Permission, Role


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str
    permission: Permission | None
    blueprint: str


# Areas built by others appear as soon as their endpoint exists.
NAV_ITEMS = (
    NavItem("Start", "dashboard.index", None, "dashboard"),
    NavItem("Utförare", "providers.index", Permission.PROVIDERS_VIEW, "providers"),
    NavItem("Avtal", "agreements.index", Permission.AGREEMENTS_VIEW, "agreements"),
    NavItem("Kvalitet", "quality.index", Permission.QUALITY_VIEW, "quality"),
    NavItem("Insatstyper", "service_types.service_types", Permission.SERVICE_TYPES_EDIT,
            "service_types"),
    NavItem("Placeringar", "placements.index", Permission.PLACEMENTS_VIEW, "placements"),
    NavItem("Ekonomi", "finance.index", Permission.FINANCE_VIEW, "finance"),
    NavItem("Bevakningar", "alerts.index", Permission.ALERTS_VIEW, "alerts"),
    NavItem("Statistik", "reports.index", Permission.STATS_VIEW, "reports"),
    NavItem("Användare", "admin.users", Permission.USERS_MANAGE, "admin"),
    NavItem("Logg", "admin.audit_log", Permission.AUDIT_VIEW, "admin"),
)


def has_endpoint(endpoint):
    """Return True when the application has a view for `endpoint`."""
    return endpoint in current_app.view_functions


def nav_items():
    """Return the menu items whose pages exist; templates check each permission."""
    return [_with_alert_count(item) for item in NAV_ITEMS if has_endpoint(item.endpoint)]


def _with_alert_count(item):
    """Show the user's open alerts on the alerts item, e.g. 'Bevakningar (3)'."""
    if item.endpoint != "alerts.index" or not current_user.is_authenticated \
            or not current_user.can(item.permission):
        return item
    count = open_count(current_user, today())
    return replace(item, label=f"{item.label} ({count})") if count else item


def is_current(item):
    """Return True when the request is inside the item's area."""
    if item.blueprint == "admin":
        return request.endpoint == item.endpoint
    return request.blueprint == item.blueprint


def role_names(user):
    """Return the Swedish names of a user's roles in a stable order."""
    return [role.label for role in Role if role in user.roles]


def template_names():
    """Return the names injected into every template."""
    return {"Permission": Permission, "Role": Role, "nav_items": nav_items,
            "nav_is_current": is_current, "has_endpoint": has_endpoint,
            "role_names": role_names}
