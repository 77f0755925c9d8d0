"""User administration and the audit log (loggkontroll)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from registry.admin import export, queries
from registry.admin.audit_entities import filter_choices
from registry.admin.audit_rows import present
from registry.admin.audit_values import MASKED
from registry.admin.forms import AuditFilterForm
from registry.auth import services
from registry.auth.forms import UserForm
from registry.auth.fresh import fresh_login_required
from registry.auth.models import User
from registry.core import audit
from registry.core.dates import today
from registry.core.exports import download
from registry.core.permissions import Permission, Role, require
from registry.core.roundtrip import round_trip
from registry.extensions import db
from registry.municipalities.models import Municipality

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/anvandare")
@require(Permission.USERS_MANAGE)
def users():
    return render_template("admin/users.html", users=queries.users(), role_labels=Role)


@bp.route("/anvandare/ny", methods=["GET", "POST"])
@require(Permission.USERS_MANAGE)
@fresh_login_required
def user_create():
    form = UserForm()
    form.municipality.choices = [("", "Ingen kommun (FoU-samordnare, systemförvaltare)")] + [
        (str(m.id), m.name) for m in queries.municipalities()]

    def action():
        municipality = (db.session.get(Municipality, int(form.municipality.data))
                        if form.municipality.data else None)
        return services.create_user(form.email.data, form.display_name.data,
                                    form.password.data, form.roles.data, municipality)

    def page():
        form.password.data = ""
        return render_template("admin/user_form.html", form=form)
    return round_trip(form, action, url_for("admin.users"), page,
                      lambda user: f"Användaren {user.email} är skapad.")


@bp.post("/anvandare/<int:user_id>/aktiv")
@require(Permission.USERS_MANAGE)
@fresh_login_required
def user_toggle_active(user_id):
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        flash("Du kan inte inaktivera dig själv.", "error")
        return redirect(url_for("admin.users"))
    services.set_active(user, not user.active)
    state = "aktiverad" if user.active else "inaktiverad; alla dess inloggningar är avslutade"
    flash(f"{user.email} är {state}.", "success")
    return redirect(url_for("admin.users"))


def _audit_filter_form():
    form = AuditFilterForm(request.args)
    form.entity.choices = [("", "Alla"), *filter_choices(queries.audited_entities())]
    form.municipality_id.choices = [("", "Alla")] + [
        (str(m.id), m.name) for m in queries.municipalities()]
    return form


@bp.get("/logg")
@require(Permission.AUDIT_VIEW)
def audit_log():
    form = _audit_filter_form()
    page = max(request.args.get("sida", 1, type=int), 1)
    events, total = [], 0
    if form.validate():
        events, total = queries.audit_events(form.data, page)
    export_args = {k: v for k, v in request.args.items() if k not in {"sida", "format"}}
    return render_template("admin/audit_log.html", form=form, rows=present(events),
                           total=total, page=page, page_size=queries.PAGE_SIZE,
                           export_args=export_args, masked=MASKED)


@bp.get("/logg/export")
@require(Permission.AUDIT_VIEW)
@fresh_login_required
def audit_log_export():
    """Download the filtered audit log as xlsx or csv; the export is itself audited."""
    fmt = request.args.get("format", "xlsx")
    form = _audit_filter_form()
    if fmt not in export.FORMATS or not form.validate():
        abort(400)
    if queries.count(queries.audit_query(form.data)) > export.MAX_ROWS:
        flash(f"Urvalet är större än {export.MAX_ROWS:,} händelser. Begränsa det med "
              "filtren och exportera igen.".replace(",", "\u00a0"), "error")
        args = {k: v for k, v in request.args.items() if k != "format"}
        return redirect(url_for("admin.audit_log", **args))
    rows = queries.audit_events_for_export(form.data)
    content, mimetype = export.audit_file(rows, fmt)
    audit.record("export", entity="audit_events", changes={"rows": len(rows), "format": fmt})
    return download(content, f"logg-{today().isoformat()}.{fmt}", mimetype)
