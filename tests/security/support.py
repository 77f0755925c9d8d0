"""Shared helpers of the security tests: demo users, real record ids, URLs, form values."""

import re
from datetime import timedelta
from html.parser import HTMLParser

from sqlalchemy import select

from registry.agreements.models import AgreementProvider, ExtensionOption, PriceListItem
from registry.alerts.models import Alert
from registry.auth.models import User
from registry.core.permissions import Role
from registry.extensions import db
from registry.finance.models import Budget, Invoice, ReimbursementClaim
from registry.municipalities.models import Municipality
from registry.placements.models import (
    Deviation,
    FollowUp,
    MonthlyReport,
    Placement,
    PlacementAddon,
)
from registry.providers.models import Document, Provider, ServiceType
from registry.quality.models import Assessment, ChecklistTemplate, Indicator
from tests import factories

OWN, FOREIGN = "jarfalla", "upplands-bro"  # both have every kind of case record in the demo
MISSING_ID = 987654321


def role_email(role, slug=OWN):
    if role in (Role.COORDINATOR, Role.ADMIN):
        return f"{role.value}@demo.invalid"
    return f"{role.value}.{slug}@demo.invalid"


def user(email):
    """Return a demo user by e-mail, or `factories.staff(*who)` for a (role, slug) tuple."""
    if isinstance(email, tuple):
        return factories.staff(*email)
    return db.session.scalar(select(User).where(User.email == email))


def municipality(slug):
    return db.session.scalar(select(Municipality).where(Municipality.slug == slug))


# URL parameter -> the case-data model it names (scoped to one municipality).
CASE_MODELS = {
    "placement_id": Placement, "report_id": MonthlyReport, "follow_up_id": FollowUp,
    "deviation_id": Deviation, "claim_id": ReimbursementClaim, "invoice_id": Invoice,
    "budget_id": Budget, "alert_id": Alert, "addon_id": PlacementAddon,
}
SHARED_MODELS = {
    "provider_id": Provider, "document_id": Document, "assessment_id": Assessment,
    "template_id": ChecklistTemplate, "indicator_id": Indicator,
    "service_type_id": ServiceType,
}


def _first(model, *where):
    return db.session.scalar(select(model.id).where(*where).order_by(model.id).limit(1))


def case_ids(slug, audience="case_officer"):
    """Return {parameter: id} of one record of each case-data kind of the municipality.

    Children (reports, follow-ups, deviations) belong to the placement chosen; alerts are
    made here (the demo seeds none) for the municipality's case officers.
    """
    town = municipality(slug)
    placement = db.session.scalar(
        select(Placement).where(Placement.municipality_id == town.id,
                                Placement.id.in_(select(Deviation.placement_id)))
        .order_by(Placement.id).limit(1))
    ids = {"placement_id": placement.id}
    for name in ("report_id", "follow_up_id", "deviation_id"):
        model = CASE_MODELS[name]
        ids[name] = (_first(model, model.placement_id == placement.id)
                     or _first(model, model.municipality_id == town.id))
    for name in ("claim_id", "invoice_id", "budget_id"):
        model = CASE_MODELS[name]
        ids[name] = _first(model, model.municipality_id == town.id)
    ids["addon_id"] = _addon(placement)
    ids["alert_id"] = factories.alert(municipality_id=town.id, audience=audience,
                                      rule="report_missing", subject_type="placement").id
    return ids


def _addon(placement):
    """Return the id of an add-on of the placement, attached here (the demo seeds none).

    It starts a year after the placement's (planned) end, so it costs nothing and the demo
    placement's invoices reconcile as before in every other test.
    """
    later = (placement.end_date or placement.planned_end) + timedelta(days=365)
    addon = PlacementAddon(placement_id=placement.id, municipality_id=placement.municipality_id,
                           name="Tolk", unit="hour", price_ore=70_000, hours_per_month=4,
                           valid_from=later)
    db.session.add(addon)
    db.session.flush()
    return addon.id


def shared_ids():
    """Return {parameter: id} of shared records, sub-records belonging to their parent."""
    ids = {name: _first(model) or MISSING_ID for name, model in SHARED_MODELS.items()}
    option = db.session.scalar(select(ExtensionOption).order_by(ExtensionOption.id).limit(1))
    ids["agreement_id"], ids["option_id"] = option.agreement_id, option.id
    ids["item_id"] = _first(PriceListItem, PriceListItem.agreement_id == option.agreement_id)
    ids["row_id"] = _first(AgreementProvider,
                           AgreementProvider.agreement_id == option.agreement_id)
    ids["user_id"] = user("purchaser.sigtuna@demo.invalid").id
    ids["name"] = "placeringar-per-insatstyp"
    ids["public_id"] = db.session.scalar(select(Document.public_id).order_by(Document.id)
                                         .limit(1)) or "x" * 43  # a document's address
    return ids


def fill(rule, values):
    """Return the rule's path with its parameters taken from `values`."""
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(?:[^<>]+:)?{name}>", str(values[name]), path)
    return path


def page_rules(app):
    return [r for r in app.url_map.iter_rules()
            if r.endpoint != "static" and not r.endpoint.startswith("api.")]


def api_rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint.startswith("api.")]


def methods(rule):
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


_TOKEN = re.compile(rb'(name="csrf-token" content="|name="csrf_token"[^>]*value=")[^"]+')
_REQUEST_ID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def comparable(body):
    """Return a page body without its CSRF tokens and request ids (they differ per request)."""
    return _REQUEST_ID.sub(b"<id>", _TOKEN.sub(rb"\1<token>", body))


class _FormValues(HTMLParser):
    """Collect the values a browser would submit from the forms of a page."""

    def __init__(self):
        super().__init__()
        self.values, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.values.setdefault(name, []).append(attrs.get("value", "y"))
            elif kind not in {"submit", "button", "file"}:
                self.values.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, [])
        elif tag == "option" and self._select:
            chosen = self.values[self._select]
            if "selected" in attrs:
                chosen[:] = [attrs.get("value", "")]
            elif not chosen:
                chosen.append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][0] += data


def form_values(html):
    """Return {name: [values]} of every field on the page, as a browser would send them."""
    parser = _FormValues()
    parser.feed(html)
    return parser.values
