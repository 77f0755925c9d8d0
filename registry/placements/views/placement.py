"""One placement: registration, its case file, editing, timeline, rate, extension, end."""

from flask import render_template, url_for
from flask_login import current_user

from registry.core.dates import today
from registry.core.money import format_rate
from registry.core.permissions import Permission, require
from registry.core.scoping import get_owned_or_404
from registry.placements import forms, permissions, queries, services
from registry.placements.models import Placement
from registry.placements.services import addons as addon_services
from registry.placements.services.standing import StandingWarning
from registry.placements.timeline import timeline as build_timeline
from registry.placements.views._common import (
    LABELS,
    FormPage,
    form_values,
    placement_form,
    submit_or_show,
)
from registry.placements.views.blueprint import bp

OUTSIDE_AGREEMENT = ("", "Utanför avtal – ange motivering och pris nedan")


def _user():
    return current_user._get_current_object()


def _detail_url(placement):
    return url_for("placements.detail", placement_id=placement.id)


def _placement_choices(form):
    """Fill the provider, service and agreement lists; warn about providers' standing."""
    providers = queries.selectable_providers()
    warnings = services.provider_warnings(p.id for p in providers)
    form.provider_id.choices = [
        (p.id, f"{p.legal_name} ({StandingWarning(warnings[p.id]).label})"
         if p.id in warnings else p.legal_name) for p in providers]
    form.service_type_id.choices = [(s.id, s.name) for s in queries.selectable_service_types()]
    form.agreement_id.choices = [OUTSIDE_AGREEMENT] + [
        (str(a.id), f"{a.reference} {a.title}")
        for a in queries.selectable_agreements(current_user.municipality_id)]


@bp.route("/ny", methods=["GET", "POST"])
@require(Permission.PLACEMENTS_EDIT)
def create():
    """Register a placement; the start rate comes from the agreement's price list."""
    form = forms.PlacementForm()
    _placement_choices(form)
    on = today()
    return submit_or_show(
        form, lambda: services.create_placement(_user(), form_values(form), on),
        _detail_url, "placements/form.html", "Placeringen är registrerad.",
        placement=None, months=current_user.municipality.initial_period_months)


@bp.get("/<int:placement_id>")
@require(Permission.PLACEMENTS_VIEW)
def detail(placement_id):
    """Show one placement's case file, month grid and what is due; the view is audited."""
    placement = get_owned_or_404(Placement, placement_id)
    on = today()
    files = queries.case_file(placement)
    grid, due_items = queries.follow_up_state(placement, files, on)
    return render_template("placements/detail.html", placement=placement, on=on, grid=grid,
                           due_items=due_items, state=queries.placement_state(placement, on),
                           labels=LABELS, can=permissions.POLICY,
                           addons=addon_services.addons_of(placement), **files)


@bp.get("/<int:placement_id>/tidslinje")
@require(Permission.PLACEMENTS_VIEW)
def timeline(placement_id):
    """Show every event of the placement in date order; the view is audited."""
    placement = get_owned_or_404(Placement, placement_id)
    events = build_timeline(placement, queries.case_file(placement))
    return render_template("placements/timeline.html", placement=placement, events=events,
                           labels=LABELS)


@bp.route("/<int:placement_id>/andra", methods=["GET", "POST"])
@require(Permission.PLACEMENTS_EDIT)
def edit(placement_id):
    """Edit the case details of a placement."""
    placement = get_owned_or_404(Placement, placement_id)
    form = forms.PlacementEditForm(obj=placement)
    form.case_officer_id.choices = [(u.id, u.display_name) for u in
                                    queries.case_officers(placement.municipality_id)]
    if placement.case_officer and placement.case_officer_id not in dict(
            form.case_officer_id.choices):
        form.case_officer_id.choices.append((placement.case_officer_id,
                                             placement.case_officer.display_name))
    return submit_or_show(
        form, lambda: services.update_placement(placement, form_values(form),
                                                form.version.data, today()),
        _detail_url(placement), "placements/form.html", "Ändringarna är sparade.",
        placement=placement)


RATE = FormPage("Ändra dygnspris", "Spara dygnspris", "Det nya dygnspriset är sparat.")
EXTEND = FormPage("Förläng placeringen", "Spara förlängning", "Förlängningen är sparad.")
END = FormPage("Avsluta placeringen", "Avsluta placeringen", "Placeringen är avslutad.")


@bp.route("/<int:placement_id>/dygnspris", methods=["GET", "POST"])
@require(Permission.PLACEMENTS_EDIT)
def rate(placement_id):
    """Record a new daily rate from a date; earlier rates stay as they were."""
    placement = get_owned_or_404(Placement, placement_id)
    form = forms.RateChangeForm()

    def action():
        return services.change_rate(_user(), placement, form.valid_from.data,
                                    form.daily_rate.ore, form.reason.data.strip())

    intro = (f"Priset vid start var {format_rate(placement.daily_rate_ore, placement.rate_unit)}"
             ". Ett nytt "
             "pris gäller från sitt datum; tidigare priser ändras aldrig.")
    return placement_form(placement, form, action, RATE,
                          permissions.can_edit(current_user, placement), intro=intro)


@bp.route("/<int:placement_id>/forlangning", methods=["GET", "POST"])
@require(Permission.PLACEMENTS_EDIT)
def extend(placement_id):
    """Extend a running placement."""
    placement = get_owned_or_404(Placement, placement_id)
    form = forms.ExtensionForm()

    def action():
        return services.extend_placement(_user(), placement, form.decided_on.data,
                                         form.new_end.data, form.reason.data.strip(), today())

    return placement_form(placement, form, action, EXTEND,
                          permissions.can_extend(current_user, placement),
                          intro=f"Placeringen löper i dag till {placement.planned_end:%Y-%m-%d}.")


@bp.route("/<int:placement_id>/avslut", methods=["GET", "POST"])
@require(Permission.PLACEMENTS_EDIT)
def end(placement_id):
    """End a running placement with a date and an end reason."""
    placement = get_owned_or_404(Placement, placement_id)
    form = forms.EndForm()

    def action():
        return services.end_placement(placement, form.end_date.data, form.end_reason.data)

    return placement_form(placement, form, action, END,
                          permissions.can_extend(current_user, placement),
                          intro="Efter avslutet tas inga månadsrapporter emot för månader "
                                "efter slutdatumet.")
