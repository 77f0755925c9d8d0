"""User administration and the audit log (loggkontroll)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from registry.admin import queries
from registry.admin.forms import AuditFilterForm
from registry.auth import services
from registry.auth.forms import UserForm
from registry.auth.models import User
from registry.core.audit import ACTION_LABELS
from registry.core.permissions import ROLE_LABELS, Permission, require
from registry.extensions import db
from registry.municipalities.models import Municipality

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/anvandare")
@require(Permission.USERS_MANAGE)
def users():
    return render_template("admin/users.html", users=queries.users(), role_labels=ROLE_LABELS)


@bp.route("/anvandare/ny", methods=["GET", "POST"])
@require(Permission.USERS_MANAGE)
def user_create():
    form = UserForm()
    form.municipality.choices = [("", "Ingen kommun (FoU-samordnare, systemförvaltare)")] + [
        (str(m.id), m.name) for m in queries.municipalities()]
    status = 200
    if form.validate_on_submit():
        municipality = (db.session.get(Municipality, int(form.municipality.data))
                        if form.municipality.data else None)
        try:
            user = services.create_user(form.email.data, form.display_name.data,
                                        form.password.data, form.roles.data, municipality)
        except services.UserError as refused:
            db.session.rollback()
            form.add_error(refused.field, refused.message)
        else:
            db.session.commit()
            flash(f"Användaren {user.email} är skapad.", "success")
            return redirect(url_for("admin.users"))
    if request.method == "POST":
        status = 422
    form.password.data = ""
    return render_template("admin/user_form.html", form=form), status


@bp.post("/anvandare/<int:user_id>/aktiv")
@require(Permission.USERS_MANAGE)
def user_toggle_active(user_id):
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        flash("Du kan inte inaktivera dig själv.", "error")
        return redirect(url_for("admin.users"))
    services.set_active(user, not user.active)
    db.session.commit()
    state = "aktiverad" if user.active else "inaktiverad; alla dess inloggningar är avslutade"
    flash(f"{user.email} är {state}.", "success")
    return redirect(url_for("admin.users"))


@bp.get("/logg")
@require(Permission.AUDIT_VIEW)
def audit_log():
    form = AuditFilterForm(request.args)
    form.entity.choices = [("", "Alla")] + [(e, e) for e in queries.audited_entities()]
    form.municipality_id.choices = [("", "Alla")] + [
        (str(m.id), m.name) for m in queries.municipalities()]
    page = max(request.args.get("sida", 1, type=int), 1)
    rows, total = [], 0
    if form.validate():
        rows, total = queries.audit_events(form.data, page)
    return render_template("admin/audit_log.html", form=form, rows=rows, total=total,
                           page=page, page_size=queries.PAGE_SIZE, action_labels=ACTION_LABELS)
