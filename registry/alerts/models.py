"""Alert: one due deadline for one subject, unique per (rule, subject, due date); each
municipality's handling of a shared alert; digests and job runs."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from registry.core.dates import utcnow
from registry.core.enums import LabelledEnum
from registry.core.models import IdMixin, enum_check
from registry.core.permissions import Role
from registry.extensions import db


class AlertStatus(LabelledEnum):
    OPEN = "open", "Öppen"
    ACKNOWLEDGED = "acknowledged", "Kvitterad"
    SNOOZED = "snoozed", "Pausad"
    RESOLVED = "resolved", "Löst"


class Severity(LabelledEnum):
    INFO = "info", "Information"
    WARNING = "warning", "Varning"
    CRITICAL = "critical", "Brådskande"


SEVERITY_RANK = {Severity.INFO: 1, Severity.WARNING: 2, Severity.CRITICAL: 3}
SEVERITY_KINDS = {Severity.INFO: "neutral", Severity.WARNING: "warn", Severity.CRITICAL: "bad"}


class Audience(StrEnum):
    """Who an alert is for: one role, or purchasers and finance together."""

    PURCHASER = "purchaser"
    CASE_OFFICER = "case_officer"
    FINANCE = "finance"
    PURCHASER_FINANCE = "purchaser_finance"


AUDIENCE_ROLES = {
    Audience.PURCHASER: {Role.PURCHASER},
    Audience.CASE_OFFICER: {Role.CASE_OFFICER},
    Audience.FINANCE: {Role.FINANCE},
    Audience.PURCHASER_FINANCE: {Role.PURCHASER, Role.FINANCE},
}


def audiences_for(roles):
    """Return the audiences that include at least one of `roles`."""
    return sorted(a.value for a, members in AUDIENCE_ROLES.items() if members & set(roles))


class Alert(IdMixin, db.Model):
    __tablename__ = "alerts"
    __table_args__ = (
        UniqueConstraint("rule", "subject_type", "subject_id", "due_date"),
        enum_check("status", [s.value for s in AlertStatus]),
        enum_check("severity", [s.value for s in Severity]),
        enum_check("audience", [a.value for a in Audience]),
        Index("ix_alerts_open", "status", "municipality_id", "audience"),
    )

    rule: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"))
    audience: Mapped[str] = mapped_column(String(20))
    due_date: Mapped[date] = mapped_column(Date)
    severity: Mapped[str] = mapped_column(String(10), default=Severity.WARNING.value)
    status: Mapped[str] = mapped_column(String(14), default=AlertStatus.OPEN.value)
    snoozed_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)


SHARED_STATES = (AlertStatus.ACKNOWLEDGED, AlertStatus.SNOOZED)


class SharedAlertState(IdMixin, db.Model):
    """One municipality's handling of a shared alert (one with no municipality: about a
    provider or an agreement, for the users of several municipalities).

    A purchaser acknowledges or snoozes a shared alert for their own municipality only; with
    no row the alert is open for that municipality. The alert's own status of a shared alert
    is only ever open or resolved (the runner's); resolving, reopening and escalating apply
    to every municipality, and the latter two clear these rows (alerts/runner.py).
    """

    __tablename__ = "shared_alert_states"
    __table_args__ = (UniqueConstraint("alert_id", "municipality_id"),
                      enum_check("status", [s.value for s in SHARED_STATES]))

    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    status: Mapped[str] = mapped_column(String(14))
    snoozed_until: Mapped[date | None] = mapped_column(Date)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class DeliveryStatus(LabelledEnum):
    """Where one user's digest of one day stands (alerts/digest.py explains the order)."""

    SENDING = "sending", "Skickas"  # committed before SMTP; never retried the same day
    SENT = "sent", "Skickad"
    FAILED = "failed", "Ej skickad"  # the server refused or could not be reached: retried


class DigestDelivery(IdMixin, db.Model):
    """A daily digest sent to one user: unique per day so it is never sent twice."""

    __tablename__ = "digest_deliveries"
    __table_args__ = (UniqueConstraint("user_id", "digest_date"),
                      enum_check("status", [s.value for s in DeliveryStatus]))

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    digest_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default=DeliveryStatus.SENDING.value)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)  # when it became "sending"
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))


class JobStatus(LabelledEnum):
    """How a job run stands. RUNNING is committed before the job works; a RUNNING run whose
    process is gone shows as INTERRUPTED (alerts/jobs.py `run_state`) and is stored so by
    the next run of the same job."""

    RUNNING = "running", "Pågår"
    SUCCEEDED = "succeeded", "Lyckades"
    FAILED = "failed", "Misslyckades"
    INTERRUPTED = "interrupted", "Avbruten"


JOB_STATUS_KINDS = {JobStatus.RUNNING: "neutral", JobStatus.SUCCEEDED: "ok",
                    JobStatus.FAILED: "bad", JobStatus.INTERRUPTED: "bad"}


class JobRun(IdMixin, db.Model):
    """One run of a scheduled job (or of its CLI twin): when, what it did, how it ended."""

    __tablename__ = "job_runs"
    __table_args__ = (
        enum_check("status", [s.value for s in JobStatus]),
        Index("ix_job_runs_job_started", "job", "started_at"),
    )

    job: Mapped[str] = mapped_column(String(40))
    as_of: Mapped[date | None] = mapped_column(Date)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(12))
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(String(500))
    runner: Mapped[str] = mapped_column(String(120), default="")
