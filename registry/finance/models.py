"""Invoice, ReimbursementClaim and Budget."""

from datetime import date

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.core.enums import LabelledEnum
from registry.core.models import (
    IdMixin,
    TimestampMixin,
    VersionedMixin,
    date_range_check,
    enum_check,
)
from registry.extensions import db
from registry.placements.models import placement_fk


class ClaimStatus(LabelledEnum):
    DRAFT = "draft", "Förberedd"
    SUBMITTED = "submitted", "Inskickad"
    APPROVED = "approved", "Beviljad"
    PARTLY_APPROVED = "partly_approved", "Delvis beviljad"
    REJECTED = "rejected", "Avslagen"
    PAID = "paid", "Utbetald"


class BudgetLine(LabelledEnum):
    PERMANENT = "permanent", "Ramhöjande (permanent)"
    ONE_OFF = "one_off", "Riktad insats (engångs)"


class Invoice(IdMixin, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "invoices"
    __table_args__ = (
        placement_fk(),
        # A provider numbers its invoices per customer; unique across municipalities, a
        # refused number would tell one municipality another's invoice (checklist A11).
        UniqueConstraint("provider_id", "municipality_id", "invoice_number"),
        date_range_check("period_start", "period_end"),
        CheckConstraint("days >= 0", name="days_non_negative"),
        CheckConstraint("amount_ore >= 0", name="amount_non_negative"),
        # The municipality's list, newest period first, paged (migration a11perf).
        Index("ix_invoices_municipality_period", "municipality_id", "period_start", "id"),
    )

    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    placement_id: Mapped[int] = mapped_column(Integer, index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    invoice_number: Mapped[str] = mapped_column(String(60))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    days: Mapped[int] = mapped_column(Integer)
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    received_on: Mapped[date | None] = mapped_column(Date)
    mismatch_reason: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")

    placement = relationship("Placement")
    provider = relationship("Provider")


class ReimbursementClaim(IdMixin, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "reimbursement_claims"
    __table_args__ = (
        placement_fk(),
        enum_check("status", [s.value for s in ClaimStatus]),
        date_range_check("period_start", "period_end"),
        CheckConstraint("amount_ore >= 0", name="amount_non_negative"),
        CheckConstraint("approved_ore IS NULL OR approved_ore BETWEEN 0 AND amount_ore",
                        name="approved_within_claimed"),
        CheckConstraint("paid_ore IS NULL OR paid_ore >= 0", name="paid_non_negative"),
        # The municipality's list, newest period first, paged (migration a11perf).
        Index("ix_reimbursement_claims_municipality_period", "municipality_id",
              "period_start", "id"),
    )

    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    placement_id: Mapped[int] = mapped_column(Integer, index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(20), default=ClaimStatus.DRAFT.value)
    submitted_on: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    approved_ore: Mapped[int | None] = mapped_column(BigInteger)
    paid_on: Mapped[date | None] = mapped_column(Date)
    paid_ore: Mapped[int | None] = mapped_column(BigInteger)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    paid_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The police's diarienummer for the application (migration a14claims).
    police_reference: Mapped[str | None] = mapped_column(String(60))

    placement = relationship("Placement")


class Budget(IdMixin, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "budgets"
    __table_args__ = (
        UniqueConstraint("municipality_id", "year", "line"),
        enum_check("line", [b.value for b in BudgetLine]),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
        CheckConstraint("amount_ore >= 0", name="amount_non_negative"),
    )

    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    year: Mapped[int] = mapped_column(Integer)
    line: Mapped[str] = mapped_column(String(12))
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(Text, default="")
