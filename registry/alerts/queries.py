"""Reads of alerts: who sees which, the inbox views, counts per rule, and the job log.

Who sees an alert: a user whose roles are in its audience, and
- case data alerts (municipality set): users of that municipality only;
- shared-record alerts (municipality NULL): about a provider, every municipality's users of
  the audience; about an agreement, users of the municipalities party to it (lead or
  participant).

Where an alert stands for a user: a case data alert by its own status; a shared alert by its
own status when resolved, otherwise by the user's municipality's SharedAlertState (none:
open), so one municipality's acknowledgement or snooze never hides it from another.
"""

from typing import NamedTuple

from sqlalchemy import and_, case, false, func, or_, select

from registry.agreements.models import Agreement
from registry.agreements.queries import party_filter
from registry.alerts.models import (
    Alert,
    AlertStatus,
    DeliveryStatus,
    DigestDelivery,
    JobRun,
    JobStatus,
    SharedAlertState,
    audiences_for,
)
from registry.core.enums import LabelledEnum
from registry.core.scoping import not_found
from registry.extensions import db

PAGE_SIZE = 50
RECENT_RUNS = 30


class InboxView(LabelledEnum):
    OPEN = "open", "Öppna"
    ACKNOWLEDGED = "acknowledged", "Kvitterade"
    SNOOZED = "snoozed", "Pausade"
    RESOLVED = "resolved", "Lösta"


def visible_to(user):
    """Return a WHERE clause: the alerts `user` may see."""
    audiences = audiences_for(user.roles)
    if not audiences:
        return false()
    municipality = user.municipality_id
    own = Alert.municipality_id == municipality if municipality else false()
    parties = select(Agreement.id).where(party_filter(municipality)) if municipality else None
    agreement_ok = Alert.subject_id.in_(parties) if municipality else false()
    shared = and_(Alert.municipality_id.is_(None),
                  or_(Alert.subject_type != "agreement", agreement_ok))
    return and_(Alert.audience.in_(audiences), or_(own, shared))


SHARED = Alert.municipality_id.is_(None)
OPEN, SNOOZED = AlertStatus.OPEN.value, AlertStatus.SNOOZED.value
ACKNOWLEDGED, RESOLVED = AlertStatus.ACKNOWLEDGED.value, AlertStatus.RESOLVED.value


class AlertState(NamedTuple):
    """Where one alert stands for one user (the inbox shows this, not the alert's columns)."""

    status: str
    snoozed_until: object = None


def _scoped(user, *columns):
    """SELECT `columns` over the alerts `user` may see, each joined to the user's
    municipality's state of it when it is a shared alert (else the joined columns are NULL)."""
    own_state = and_(SharedAlertState.alert_id == Alert.id,
                     SharedAlertState.municipality_id == user.municipality_id
                     if user.municipality_id else false())
    return select(*columns).select_from(Alert).outerjoin(SharedAlertState, own_state).where(
        visible_to(user))


def _in_view(view, on):
    """Return a WHERE clause over _scoped(): the alert is in `view` for the user on day `on`
    (a snooze ending on or before `on` is over, even before the morning run)."""
    state = SharedAlertState
    if view == InboxView.RESOLVED:
        return Alert.status == RESOLVED
    if view == InboxView.OPEN:
        case_data = or_(Alert.status == OPEN,
                        and_(Alert.status == SNOOZED, Alert.snoozed_until <= on))
        shared = or_(state.id.is_(None), and_(state.status == SNOOZED, state.snoozed_until <= on))
    elif view == InboxView.SNOOZED:
        case_data = and_(Alert.status == SNOOZED, Alert.snoozed_until > on)
        shared = and_(state.status == SNOOZED, state.snoozed_until > on)
    else:
        case_data = Alert.status == ACKNOWLEDGED
        shared = state.status == ACKNOWLEDGED
    return or_(and_(~SHARED, case_data), and_(SHARED, Alert.status == OPEN, shared))


def open_count(user, on):
    """Return how many alerts are open for `user`: one COUNT query (the menu shows it)."""
    return db.session.scalar(_scoped(user, func.count(Alert.id)).where(
        _in_view(InboxView.OPEN, on)))


def view_counts(user, on):
    """Return {view: count} for the inbox tabs in one query."""
    cases = [func.coalesce(func.sum(case((_in_view(view, on), 1), else_=0)), 0)
             for view in InboxView]
    row = db.session.execute(_scoped(user, *cases)).one()
    return dict(zip(InboxView, row, strict=True))


def inbox(user, view, on, page):
    """Return one page of `user`'s alerts in a view, newest due date first."""
    query = _scoped(user, Alert).where(_in_view(view, on)).order_by(
        Alert.due_date.desc(), Alert.id.desc())
    return db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)


def states(alerts, user, on):
    """Return {alert id: AlertState} of `alerts` as `user` sees them (one query for the
    shared ones among them, none when there are none)."""
    shared_ids = [a.id for a in alerts if a.municipality_id is None and a.status == OPEN]
    rows = {}
    if shared_ids and user.municipality_id:
        rows = {row.alert_id: row for row in db.session.scalars(select(SharedAlertState).where(
            SharedAlertState.alert_id.in_(shared_ids),
            SharedAlertState.municipality_id == user.municipality_id))}
    result = {}
    for alert in alerts:
        row = rows.get(alert.id) if alert.id in shared_ids else alert
        if row is None or (row.status == SNOOZED and (row.snoozed_until or on) <= on):
            result[alert.id] = AlertState(OPEN)  # no state of its own, or a snooze is over
        else:
            result[alert.id] = AlertState(row.status, row.snoozed_until)
    return result


def get_visible_or_404(user, alert_id):
    """Return one alert `user` may see; any other id is a 404."""
    alert = db.session.scalar(select(Alert).where(Alert.id == alert_id, visible_to(user)))
    if alert is None:
        not_found(alert_id)
    return alert


def open_counts_by_rule(user, on):
    """Return {rule: count} of `user`'s open alerts."""
    query = _scoped(user, Alert.rule, func.count(Alert.id)).where(
        _in_view(InboxView.OPEN, on)).group_by(Alert.rule).order_by(Alert.rule)
    return dict(db.session.execute(query).all())


def recent_runs(limit=RECENT_RUNS):
    """Return the latest job runs, newest first."""
    return db.session.scalars(select(JobRun).order_by(JobRun.started_at.desc(),
                                                      JobRun.id.desc()).limit(limit)).all()


def latest_runs_by_job():
    """Return {job: (latest run, latest failed run or None)}."""
    latest = select(JobRun.job, func.max(JobRun.id).label("last_id"),
                    func.max(JobRun.id).filter(JobRun.status == JobStatus.FAILED.value)
                    .label("failed_id")).group_by(JobRun.job).subquery()
    ids = db.session.execute(select(latest)).all()
    wanted = {i for _, last, failed in ids for i in (last, failed) if i}
    runs = {run.id: run for run in db.session.scalars(select(JobRun).where(
        JobRun.id.in_(wanted)))} if wanted else {}
    return {job: (runs[last], runs.get(failed)) for job, last, failed in ids}


def unfinished_deliveries(claimed_before):
    """Return (digest day, count) of the deliveries left "sending" since before `claimed_before`.

    Such a digest may or may not have reached its reader and is never sent again that day
    (alerts/digest.py); the job log shows them to the administrator.
    """
    query = select(DigestDelivery.digest_date, func.count(DigestDelivery.id)).where(
        DigestDelivery.status == DeliveryStatus.SENDING.value,
        DigestDelivery.claimed_at < claimed_before).group_by(
        DigestDelivery.digest_date).order_by(DigestDelivery.digest_date.desc())
    return db.session.execute(query).all()
