"""What an alert is about, for the inbox: a label and (when the user may open it) a link.

One query per subject type on the page. Case data is read only through scoped(), so a
label of another municipality's record can never be shown.
"""

from dataclasses import dataclass

from flask import current_app, url_for
from sqlalchemy import select

from registry.agreements.models import Agreement
from registry.core.permissions import Permission
from registry.core.scoping import scoped
from registry.extensions import db
from registry.finance.models import Invoice
from registry.placements.models import Deviation, Placement
from registry.providers.models import Provider


@dataclass(frozen=True)
class Subject:
    label: str
    url: str | None = None


def _link(user, permission, endpoint, **values):
    if not user.can(permission) or endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint, **values)


def _agreements(ids, user):
    rows = db.session.execute(select(Agreement.id, Agreement.reference, Agreement.title)
                              .where(Agreement.id.in_(ids)))
    return {i: Subject(f"{ref} {title}", _link(user, Permission.AGREEMENTS_VIEW,
                                               "agreements.detail", agreement_id=i))
            for i, ref, title in rows}


def _providers(ids, user):
    rows = db.session.execute(select(Provider.id, Provider.legal_name)
                              .where(Provider.id.in_(ids)))
    return {i: Subject(name, _link(user, Permission.PROVIDERS_VIEW, "providers.detail",
                                   provider_id=i)) for i, name in rows}


def _placement_subject(user, placement_id, reference, prefix=""):
    """A placement by its case reference, linked to the case file or its money page."""
    url = (_link(user, Permission.PLACEMENTS_VIEW, "placements.detail",
                 placement_id=placement_id)
           or _link(user, Permission.FINANCE_VIEW, "finance.placement",
                    placement_id=placement_id))
    return Subject(f"{prefix}{reference}", url)


def _placements(ids, user):
    query = scoped(Placement, user).where(Placement.id.in_(ids)).with_only_columns(
        Placement.id, Placement.case_reference)
    return {i: _placement_subject(user, i, ref) for i, ref in db.session.execute(query)}


def _deviations(ids, user):
    query = scoped(Deviation, user).where(Deviation.id.in_(ids)).join(
        Placement, Placement.id == Deviation.placement_id).with_only_columns(
        Deviation.id, Deviation.placement_id, Placement.case_reference, Deviation.occurred_on)
    return {i: _placement_subject(user, pid, ref, f"Avvikelse {day:%Y-%m-%d}, ")
            for i, pid, ref, day in db.session.execute(query)}


def _invoices(ids, user):
    query = scoped(Invoice, user).where(Invoice.id.in_(ids)).join(
        Placement, Placement.id == Invoice.placement_id).with_only_columns(
        Invoice.id, Invoice.placement_id, Placement.case_reference, Invoice.invoice_number)
    return {i: _placement_subject(user, pid, ref, f"Faktura {number}, ")
            for i, pid, ref, number in db.session.execute(query)}


LOADERS = {"agreement": _agreements, "provider": _providers, "placement": _placements,
           "deviation": _deviations, "invoice": _invoices}
UNKNOWN = Subject("–")


def describe(alerts, user):
    """Return {(subject_type, subject_id): Subject} for the alerts on a page."""
    wanted = {}
    for alert in alerts:
        wanted.setdefault(alert.subject_type, set()).add(alert.subject_id)
    found = {}
    for kind, ids in wanted.items():
        loader = LOADERS.get(kind)
        if loader is not None:
            found.update({(kind, i): subject for i, subject in loader(ids, user).items()})
    return found
