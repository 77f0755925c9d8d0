"""Monthly reports, follow-ups and deviations of one placement."""

from datetime import date

from flask import request, url_for
from flask_login import current_user

from registry.core.dates import today
from registry.core.permissions import Permission, require
from registry.core.scoping import get_owned_or_404
from registry.core.templating import format_month
from registry.placements import forms, permissions, schedule, services
from registry.placements.choices import ReportDecision
from registry.placements.models import Deviation, FollowUp, MonthlyReport, Placement
from registry.placements.views._common import FormPage, form_values, placement_form
from registry.placements.views.blueprint import bp

NEW_REPORT = FormPage("Registrera månadsrapport", "Spara rapporten",
                      "Månadsrapporten är registrerad.")
NEW_FOLLOW_UP = FormPage("Registrera uppföljning", "Spara uppföljningen",
                         "Uppföljningen är sparad.")
EDIT_FOLLOW_UP = FormPage("Ändra uppföljning", "Spara", "Uppföljningen är sparad.")
NEW_DEVIATION = FormPage("Registrera avvikelse", "Spara avvikelsen", "Avvikelsen är sparad.")
EDIT_DEVIATION = FormPage("Avvikelse: möte och beslut", "Spara", "Avvikelsen är sparad.")
DEVIATION_HINTS = {
    "description": "Beskriv vad som hänt utan namn eller personnummer.",
    "decided_on": "Krävs när ett beslut anges.",
    "end_date": "Bara när beslutet är att avsluta. Lämnas tomt avslutas placeringen "
                "på beslutsdagen.",
}


def _user():
    return current_user._get_current_object()


def _after_report(report):
    """Back to the case file; a decision to end goes on to the end form."""
    placement = report.placement
    if report.decision == ReportDecision.END and placement.end_date is None:
        return url_for("placements.end", placement_id=placement.id)
    return url_for("placements.detail", placement_id=placement.id)


def _month_choices(placement, on):
    months = schedule.months_in_care(placement.start_date, placement.end_date, on)
    return [(m.isoformat(), format_month(m)) for m in reversed(months)]


@bp.route("/<int:placement_id>/rapporter/ny", methods=["GET", "POST"])
@require(Permission.PLACEMENTS_REPORT_CREATE)
def report_create(placement_id):
    """Register a month's report from the provider or the police."""
    placement = get_owned_or_404(Placement, placement_id)
    on = today()
    form = forms.ReportForm(data={"month": request.args.get("month", ""),
                                  "source": request.args.get("source", "provider")})
    form.month.choices = _month_choices(placement, on)

    def action():
        return services.add_report(_user(), placement, date.fromisoformat(form.month.data),
                                   form.source.data, form_values(form), on)

    allowed = permissions.can_report(current_user, placement) and bool(form.month.choices)
    intro = (f"En månads rapport ska ha kommit in senast den "
             f"{placement.municipality.report_due_day}:e i månaden efter.")
    return placement_form(placement, form, action, NEW_REPORT, allowed, done=_after_report,
                          intro=intro)


@bp.route("/rapporter/<int:report_id>", methods=["GET", "POST"])
@require(Permission.PLACEMENTS_REPORT_CREATE)
def report_edit(report_id):
    """Change a report or record the case officer's follow-up note and decision."""
    report = get_owned_or_404(MonthlyReport, report_id)
    form = forms.ReportEditForm(obj=report)

    def action():
        services.update_report(_user(), report, form_values(form), form.version.data, today())
        return report

    page = FormPage(f"Månadsrapport {format_month(report.month)}", "Spara",
                    "Rapporten är sparad.")
    return placement_form(report.placement, form, action, page,
                          permissions.can_report(current_user, report.placement),
                          done=_after_report, subject=report)


def _follow_up_hints(placement):
    months = placement.municipality.follow_up_interval_months
    return {"next_due": f"Lämnas fältet tomt blir nästa uppföljning {months} månader senare.",
            "participants": "Roller, inte namn: till exempel klienten, utföraren, polisen."}


@bp.route("/<int:placement_id>/uppfoljningar/ny", methods=["GET", "POST"])
@require(Permission.PLACEMENTS_EDIT)
def follow_up_create(placement_id):
    """Record a follow-up with the client and the provider."""
    placement = get_owned_or_404(Placement, placement_id)
    form = forms.FollowUpForm()

    def action():
        return services.add_follow_up(_user(), placement, form_values(form), today())

    return placement_form(placement, form, action, NEW_FOLLOW_UP,
                          permissions.can_edit(current_user, placement),
                          hints=_follow_up_hints(placement))


@bp.route("/uppfoljningar/<int:follow_up_id>", methods=["GET", "POST"])
@require(Permission.PLACEMENTS_EDIT)
def follow_up_edit(follow_up_id):
    """Change a recorded follow-up."""
    follow_up = get_owned_or_404(FollowUp, follow_up_id)
    form = forms.FollowUpEditForm(obj=follow_up)

    def action():
        return services.update_follow_up(follow_up, form_values(form), form.version.data,
                                         today())

    placement = follow_up.placement
    return placement_form(placement, form, action, EDIT_FOLLOW_UP,
                          permissions.can_edit(current_user, placement),
                          hints=_follow_up_hints(placement))


@bp.route("/<int:placement_id>/avvikelser/ny", methods=["GET", "POST"])
@require(Permission.PLACEMENTS_EDIT)
def deviation_create(placement_id):
    """Record a deviation, and the meeting and decision when they are known."""
    placement = get_owned_or_404(Placement, placement_id)
    form = forms.DeviationForm()

    def action():
        return services.add_deviation(_user(), placement, form_values(form), today())

    return placement_form(placement, form, action, NEW_DEVIATION,
                          permissions.can_edit(current_user, placement),
                          hints=DEVIATION_HINTS)


@bp.route("/avvikelser/<int:deviation_id>", methods=["GET", "POST"])
@require(Permission.PLACEMENTS_EDIT)
def deviation_edit(deviation_id):
    """Record the meeting and the decision on a deviation; deciding to end ends it."""
    deviation = get_owned_or_404(Deviation, deviation_id)
    form = forms.DeviationEditForm(obj=deviation)

    def action():
        return services.update_deviation(_user(), deviation, form_values(form),
                                         form.version.data, today())

    return placement_form(deviation.placement, form, action, EDIT_DEVIATION,
                          permissions.can_edit(current_user, deviation.placement),
                          hints=DEVIATION_HINTS, subject=deviation)
