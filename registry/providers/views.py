"""Providers pages: the shared list, one provider, its forms, documents and the comparison."""

from flask import Blueprint, abort, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select

from registry.agreements import queries as agreement_queries
from registry.agreements.models import AgreementForm
from registry.agreements.status import AgreementStatus
from registry.auth.fresh import fresh_login_required
from registry.core import audit
from registry.core.dates import today
from registry.core.exports import XLSX_MIME, attachment, download
from registry.core.permissions import Permission, require
from registry.core.roundtrip import round_trip
from registry.core.scoping import not_found
from registry.extensions import db
from registry.providers import queries, services
from registry.providers import service_types as service_type_services
from registry.providers.documents import (
    PDF_MIME,
    can_view_document,
    display_name,
    store_upload,
    stored_path,
)
from registry.providers.forms import DocumentForm, ProviderForm, ServiceTypeForm, StatusForm
from registry.providers.models import (
    Document,
    DocumentKind,
    OrgForm,
    ProviderStatus,
    ServiceType,
    ServiceUnit,
    TargetGroup,
)
from registry.providers.status import (
    PERMIT_TAGS,
    PERMIT_WARNING_DAYS,
    PermitStatus,
    permit_status,
    provider_status,
)
from registry.quality.queries import completed_assessments, evidence_visible, latest_standing
from registry.reports import provider_comparison as comparison
from registry.reports import provider_comparison_export as comparison_export
from registry.reports.provider_outcomes import outcomes_by_provider, threshold

bp = Blueprint("providers", __name__, url_prefix="/providers")
# The coordinator's list of service types: its own menu item, so its own blueprint.
service_types_bp = Blueprint("service_types", __name__, url_prefix="/service-types")

LABELS = {"status_labels": ProviderStatus, "org_form_labels": OrgForm,
          "target_group_labels": TargetGroup, "unit_labels": ServiceUnit,
          "permit_labels": PermitStatus, "permit_tags": PERMIT_TAGS,
          "document_kind_labels": DocumentKind}


@bp.context_processor
def _labels():
    return LABELS


service_types_bp.context_processor(_labels)


def _allowed(value, kind):
    return value if kind.has(value) else ""


def _filters():
    """Read the list filters from the query string, ignoring unknown values."""
    args = request.args
    return {
        "q": args.get("q", "").strip()[:100],
        "service_type_id": args.get("service", type=int),
        "status": _allowed(args.get("status"), ProviderStatus),
        "target_group": _allowed(args.get("group"), TargetGroup),
        "permit": _allowed(args.get("permit"), PermitStatus),
        "region": args.get("region", "").strip()[:100],
    }


@bp.get("/")
@require(Permission.PROVIDERS_VIEW)
def index():
    """List and search the shared provider registry."""
    filters, on = _filters(), today()
    page = queries.search_providers(request.args.get("page", 1, type=int), on, **filters)
    return render_template("providers/index.html", page=page, filters=filters, on=on,
                           service_choices=[(s.id, s.name) for s in queries.service_types()],
                           provider_status=provider_status, permit_status=permit_status)


@bp.get("/<int:provider_id>")
@require(Permission.PROVIDERS_VIEW)
def detail(provider_id):
    """Show one provider: services, permit, agreements, prices, quality and outcomes."""
    provider = queries.get_provider(provider_id)
    on = today()
    return render_template(
        "providers/detail.html", provider=provider, on=on,
        status=provider_status(provider, on), permit=permit_status(provider, on),
        permit_warning_days=PERMIT_WARNING_DAYS,
        agreements=agreement_queries.agreements_for_provider(provider.id, on),
        prices=agreement_queries.price_items(provider_id=provider.id, current_on=on),
        standing=latest_standing([provider.id]).get(provider.id),
        assessments=completed_assessments(provider.id, limit=5),
        outcomes=outcomes_by_provider([provider.id], on,
                                      current_user.municipality_id)[provider.id],
        threshold=threshold(),
        documents=queries.documents(provider_id=provider.id),
        form_labels=AgreementForm, agreement_status_labels=AgreementStatus)


def _detail_url(provider):
    return url_for("providers.detail", provider_id=provider.id)


def _saved(message):
    return lambda provider: message.format(name=provider.legal_name)


@bp.route("/new", methods=["GET", "POST"])
@require(Permission.PROVIDERS_EDIT)
def create():
    """Register a provider in the shared registry."""
    form = ProviderForm()
    form.fill_choices()
    return round_trip(
        form, lambda: services.create_provider(form.values(), form.services.data),
        _detail_url, lambda: render_template("providers/form.html", form=form, provider=None),
        _saved("{name} är registrerad."))


@bp.route("/<int:provider_id>/edit", methods=["GET", "POST"])
@require(Permission.PROVIDERS_EDIT)
def edit(provider_id):
    """Change a provider's details (optimistic locking on the version)."""
    provider = queries.get_provider(provider_id)
    form = ProviderForm(obj=provider)
    form.fill_choices()
    if request.method == "GET":
        form.services.data = [s.id for s in provider.services]
        form.municipality_id.data = str(provider.municipality_id or "")

    def action():
        return services.update_provider(provider, form.values(), form.services.data,
                                        form.version.data)
    return round_trip(form, action, _detail_url, lambda: render_template(
        "providers/form.html", form=form, provider=provider),
        _saved("Uppgifterna om {name} är sparade."))


@bp.route("/<int:provider_id>/status", methods=["GET", "POST"])
@require(Permission.PROVIDERS_EDIT)
def change_status(provider_id):
    """Suspend until a date, terminate, review or reinstate a provider, with a reason."""
    provider = queries.get_provider(provider_id)
    form = StatusForm(version=provider.version)

    def action():
        return services.change_status(provider, form.action.data, form.reason.data,
                                      form.suspended_until.data, form.version.data)
    return round_trip(form, action, _detail_url, lambda: render_template(
        "providers/status.html", form=form, provider=provider,
        status=provider_status(provider, today())), _saved("Statusen för {name} är ändrad."))


@bp.route("/<int:provider_id>/documents/new", methods=["GET", "POST"])
@require(Permission.PROVIDERS_EDIT)
def upload_document(provider_id):
    """Attach a PDF (permit, audit report, contract) to a provider."""
    provider = queries.get_provider(provider_id)
    form = DocumentForm()

    def action():
        return store_upload(request.files.get("file"), form.kind.data, provider=provider,
                            user=current_user)
    return round_trip(form, action, _detail_url(provider), lambda: render_template(
        "providers/document_form.html", form=form, owner=provider,
        back=_detail_url(provider)), lambda d: f"Dokumentet {d.original_name} är sparat.")


@bp.get("/documents/<public_id>")
@require(Permission.PROVIDERS_VIEW)
def download_document(public_id):
    """Send a stored PDF to a user allowed to read it; draft evidence only to its municipality."""
    document = db.session.scalar(select(Document).where(Document.public_id == public_id))
    if document is None or document.claim_id is not None or \
            not evidence_visible(current_user, document):  # a claim's letter: finance's route
        not_found(document.id if document is not None else None)
    if not can_view_document(current_user, document):
        abort(403)
    path = stored_path(document)
    if not path.is_file():
        abort(404)
    audit.record("view", entity="document", entity_id=document.id)
    name = display_name(document.original_name)  # names stored before D9 are cleaned too
    response = send_file(path, mimetype=PDF_MIME, as_attachment=True, download_name=name,
                         conditional=False, etag=False)
    response.headers["Content-Disposition"] = attachment(name)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _comparison_args():
    """Read the comparison's service type, target group and sort key (allow-listed)."""
    service_types = queries.service_types()
    wanted = request.args.get("service", type=int)
    service = next((s for s in service_types if s.id == wanted), None) or \
        (service_types[0] if service_types else None)
    if service is None:
        abort(404)
    group = _allowed(request.args.get("group"), TargetGroup)
    sort = request.args.get("sort", "own_price")
    sort = sort if comparison.ComparisonSort.has(sort) else "own_price"
    return service_types, service, group, sort


def _comparison_rows(service, group, sort):
    return comparison.compare(service, today(), current_user.municipality_id, group, sort)


@bp.get("/compare")
@require(Permission.PROVIDERS_VIEW, Permission.AGREEMENTS_VIEW, Permission.QUALITY_VIEW)
def compare():
    """Compare the providers of one service type side by side."""
    service_types, service, group, sort = _comparison_args()
    return render_template("providers/compare.html", rows=_comparison_rows(service, group, sort),
                           service_choices=[(s.id, s.name) for s in service_types],
                           service=service, group=group,
                           sort=sort, sort_labels=comparison.ComparisonSort, on=today(),
                           threshold=threshold())


@bp.get("/compare.xlsx")
@require(Permission.PROVIDERS_VIEW, Permission.AGREEMENTS_VIEW, Permission.QUALITY_VIEW)
@fresh_login_required
def compare_export():
    """Download the comparison as Excel (formula-safe cells)."""
    _, service, group, sort = _comparison_args()
    content = comparison_export.comparison_xlsx(_comparison_rows(service, group, sort), service)
    audit.record("export", entity="provider_comparison", entity_id=service.id)
    return download(content, f"jamforelse-{service.code}.xlsx", XLSX_MIME)


@service_types_bp.get("/")
@require(Permission.SERVICE_TYPES_EDIT)
def service_types():
    """List every service type with its unit and permit requirement."""
    return render_template("providers/service_types.html",
                           service_types=service_type_services.all_service_types())


def _service_types_url(_service=None):
    return url_for("service_types.service_types")


@service_types_bp.route("/new", methods=["GET", "POST"])
@require(Permission.SERVICE_TYPES_EDIT)
def create_service_type():
    """Add a service type (e.g. jourhem) to the shared list."""
    form = ServiceTypeForm()
    return round_trip(
        form, lambda: service_type_services.create_service_type(form.values()),
        _service_types_url, lambda: render_template("providers/service_type_form.html",
                                                    form=form, service_type=None),
        lambda s: f"Insatstypen {s.name} är tillagd.")


@service_types_bp.route("/<int:service_type_id>/edit", methods=["GET", "POST"])
@require(Permission.SERVICE_TYPES_EDIT)
def edit_service_type(service_type_id):
    """Change a service type's name, unit and permit requirement (optimistic locking)."""
    service = db.get_or_404(ServiceType, service_type_id)
    form = ServiceTypeForm(obj=service)

    def action():
        return service_type_services.update_service_type(service, form.values(),
                                                         form.version.data)
    return round_trip(form, action, _service_types_url, lambda: render_template(
        "providers/service_type_form.html", form=form, service_type=service),
        lambda s: f"Insatstypen {s.name} är sparad.")
