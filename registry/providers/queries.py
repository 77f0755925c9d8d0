"""Reads of the shared provider registry: search, one provider, its documents."""

from sqlalchemy import String, cast, or_, select

from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.providers.models import Document, Provider, ServiceType
from registry.providers.status import permit_clause, status_clause

PAGE_SIZE = 50


def provider_query(on, q="", service_type_id=None, status="", target_group="", permit="",
                   region=""):
    """Return a select of providers matching a name/org-number search and the filters."""
    query = select(Provider).order_by(Provider.legal_name)
    if q:
        pattern = f"%{q}%"
        query = query.where(or_(Provider.legal_name.ilike(pattern),
                                Provider.org_number.ilike(pattern)))
    if service_type_id:
        query = query.where(Provider.services.any(ServiceType.id == service_type_id))
    if status:
        query = query.where(status_clause(status, on))
    if target_group:
        query = query.where(target_group_clause(target_group))
    if permit:
        query = query.where(permit_clause(permit, on))
    if region:
        query = query.where(Provider.regions.ilike(f"%{region}%"))
    return query


def target_group_clause(group):
    """Return a WHERE clause: the provider serves `group` (an allow-listed code)."""
    return cast(Provider.target_groups, String).like(f'%"{group}"%')


def search_providers(page, on, **filters):
    """Return one page of providers (their services come in one extra query)."""
    return db.paginate(provider_query(on, **filters), page=page, per_page=PAGE_SIZE,
                       error_out=False)


def service_types():
    """Return the active service types in display order."""
    query = select(ServiceType).where(ServiceType.active.is_(True)).order_by(
        ServiceType.position, ServiceType.name)
    return list(db.session.scalars(query))


def municipalities():
    """Return the municipalities by name (for the provider form)."""
    return list(db.session.scalars(select(Municipality).order_by(Municipality.name)))


def get_provider(provider_id):
    """Return one provider or 404."""
    return db.get_or_404(Provider, provider_id)


def documents(provider_id=None, agreement_id=None):
    """Return the documents of a provider or an agreement, newest first (evidence excluded)."""
    query = select(Document).where(Document.kind != "evidence").order_by(
        Document.uploaded_at.desc(), Document.id.desc())
    if provider_id is not None:
        query = query.where(Document.provider_id == provider_id)
    if agreement_id is not None:
        query = query.where(Document.agreement_id == agreement_id)
    return list(db.session.scalars(query))

