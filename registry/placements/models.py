"""Placement, its rate changes and extensions, MonthlyReport, FollowUp and Deviation.

Every child row carries the placement's municipality through a composite foreign key,
so the database itself refuses case data that crosses a municipality line.
"""

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.core.models import (
    IdMixin,
    TimestampMixin,
    VersionedMixin,
    date_range_check,
    enum_check,
)
from registry.extensions import db
from registry.placements.choices import (
    AgeBand,
    DeviationDecision,
    DeviationKind,
    EndReason,
    Participation,
    ReportDecision,
    Reporter,
    ReportSource,
    SupportCategory,
)


def _values(enum):
    return [member.value for member in enum]


class Placement(IdMixin, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "placements"
    __table_args__ = (
        UniqueConstraint("id", "municipality_id"),
        UniqueConstraint("municipality_id", "case_reference", "start_date"),
        enum_check("support_category", _values(SupportCategory)),
        enum_check("age_band", _values(AgeBand)),
        CheckConstraint("end_reason IS NULL OR end_reason IN ("
                        + ", ".join(f"'{v}'" for v in _values(EndReason)) + ")",
                        name="end_reason_allowed"),
        date_range_check("start_date", "initial_period_end", "initial_end_after_start"),
        date_range_check("start_date", "planned_end", "planned_end_after_start"),
        date_range_check("start_date", "end_date", "end_after_start"),
        CheckConstraint("(end_date IS NULL) = (end_reason IS NULL)", name="end_has_reason"),
        CheckConstraint("daily_rate_ore > 0", name="rate_positive"),
        CheckConstraint("rate_unit IN ('day', 'hour', 'programme', 'month')",
                        name="rate_unit_allowed"),
        CheckConstraint("planned_hours_per_month IS NULL OR planned_hours_per_month >= 0",
                        name="planned_hours_not_negative"),
        CheckConstraint("agreement_id IS NOT NULL OR length(outside_agreement_reason) > 0",
                        name="outside_agreement_justified"),
        # The municipality's list, newest start first, paged (migration a11perf).
        Index("ix_placements_municipality_start", "municipality_id", "start_date", "id"),
    )

    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    case_reference: Mapped[str] = mapped_column(String(40))
    case_officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    support_category: Mapped[str] = mapped_column(String(30))
    age_band: Mapped[str] = mapped_column(String(12))
    service_type_id: Mapped[int] = mapped_column(ForeignKey("service_types.id"))
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"), index=True)
    outside_agreement_reason: Mapped[str] = mapped_column(Text, default="")
    # Why the officer chose a provider whose latest assessment failed or is missing.
    standing_override_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    price_item_id: Mapped[int | None] = mapped_column(ForeignKey("price_list_items.id"))
    # The rate in öre per `rate_unit` (the column keeps its old name; the API says rate_ore).
    daily_rate_ore: Mapped[int] = mapped_column(BigInteger)
    rate_unit: Mapped[str] = mapped_column(String(12), default="day", server_default="day")
    planned_hours_per_month: Mapped[int | None] = mapped_column(Integer)
    start_date: Mapped[date] = mapped_column(Date)
    initial_period_end: Mapped[date] = mapped_column(Date)
    planned_end: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(30))
    care_plan_on: Mapped[date | None] = mapped_column(Date)
    implementation_plan_received_on: Mapped[date | None] = mapped_column(Date)
    police_definition_on: Mapped[date | None] = mapped_column(Date)
    motivated_on: Mapped[date | None] = mapped_column(Date)
    protection_need_on: Mapped[date | None] = mapped_column(Date)
    consent_on: Mapped[date | None] = mapped_column(Date)
    conditions_agreement_on: Mapped[date | None] = mapped_column(Date)

    municipality = relationship("Municipality")
    case_officer = relationship("User")
    service_type = relationship("ServiceType", lazy="joined")
    provider = relationship("Provider", lazy="joined")
    agreement = relationship("Agreement")
    rate_changes = relationship("RateChange", order_by="RateChange.valid_from",
                                back_populates="placement", overlaps="placement")
    extensions = relationship("Extension", order_by="Extension.decided_on",
                              back_populates="placement", overlaps="placement")

    def __str__(self):
        return self.case_reference

    @property
    def rate_ore(self):
        return self.daily_rate_ore


def placement_fk():
    """Composite key tying a child row to its placement *and* that placement's municipality."""
    return ForeignKeyConstraint(
        ["placement_id", "municipality_id"], ["placements.id", "placements.municipality_id"],
        name=None)


class _CaseChild(IdMixin):
    placement_id: Mapped[int] = mapped_column(Integer, index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)


class RateChange(_CaseChild, TimestampMixin, db.Model):
    """A dated change of a placement's daily rate; the start rate stays on Placement."""

    __tablename__ = "placement_rate_changes"
    __table_args__ = (placement_fk(), UniqueConstraint("placement_id", "valid_from"),
                      CheckConstraint("daily_rate_ore > 0", name="rate_positive"))

    valid_from: Mapped[date] = mapped_column(Date)
    daily_rate_ore: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    placement = relationship("Placement", back_populates="rate_changes", overlaps="rate_changes")


class PlacementAddon(_CaseChild, TimestampMixin, VersionedMixin, db.Model):
    """An add-on (tolk, förstärkt bemanning) attached to a placement for a period.

    Priced by its own unit (DESIGN §2a): from an add-on item of the placement's agreement
    (price_item_id), or with a free price outside the agreement.
    """

    __tablename__ = "placement_addons"
    __table_args__ = (
        placement_fk(),
        date_range_check("valid_from", "valid_to", "addon_ends_after_start"),
        CheckConstraint("price_ore > 0", name="addon_price_positive"),
        CheckConstraint("unit IN ('day', 'hour', 'programme', 'month')",
                        name="addon_unit_allowed"),
        CheckConstraint("hours_per_month IS NULL OR hours_per_month >= 0",
                        name="addon_hours_not_negative"),
    )

    price_item_id: Mapped[int | None] = mapped_column(ForeignKey("price_list_items.id"))
    name: Mapped[str] = mapped_column(String(80))
    unit: Mapped[str] = mapped_column(String(12))
    price_ore: Mapped[int] = mapped_column(BigInteger)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    hours_per_month: Mapped[int | None] = mapped_column(Integer)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Extension(_CaseChild, TimestampMixin, db.Model):
    __tablename__ = "placement_extensions"
    __table_args__ = (placement_fk(),)

    decided_on: Mapped[date] = mapped_column(Date)
    new_end: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    placement = relationship("Placement", back_populates="extensions", overlaps="extensions")


class MonthlyReport(_CaseChild, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "monthly_reports"
    __table_args__ = (
        placement_fk(),
        UniqueConstraint("placement_id", "month", "source"),
        enum_check("source", _values(ReportSource)),
        CheckConstraint("days_in_care IS NULL OR days_in_care BETWEEN 0 AND 31",
                        name="days_in_care_range"),
        CheckConstraint("hours IS NULL OR hours BETWEEN 0 AND 744", name="hours_range"),
        CheckConstraint("goal_progress IS NULL OR goal_progress BETWEEN 0 AND 3",
                        name="goal_progress_range"),
        CheckConstraint("participation IS NULL OR participation IN ("
                        + ", ".join(f"'{v}'" for v in _values(Participation)) + ")",
                        name="participation_allowed"),
        CheckConstraint("decision IS NULL OR decision IN ("
                        + ", ".join(f"'{v}'" for v in _values(ReportDecision)) + ")",
                        name="decision_allowed"),
    )

    month: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(12))
    received_on: Mapped[date | None] = mapped_column(Date)
    days_in_care: Mapped[int | None] = mapped_column(Integer)
    hours: Mapped[int | None] = mapped_column(Integer)  # hours given, for an hourly service
    participation: Mapped[str | None] = mapped_column(String(12))
    goal_progress: Mapped[int | None] = mapped_column(Integer)
    deviations_flagged: Mapped[bool] = mapped_column(default=False)
    report_text: Mapped[str] = mapped_column(Text, default="")
    follow_up_note: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str | None] = mapped_column(String(20))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)

    placement = relationship("Placement", overlaps="placement")
    reviewed_by = relationship("User")


class FollowUp(_CaseChild, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "follow_ups"
    __table_args__ = (placement_fk(), date_range_check("held_on", "next_due"))

    held_on: Mapped[date] = mapped_column(Date)
    participants: Mapped[str] = mapped_column(String(200), default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    next_due: Mapped[date | None] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    placement = relationship("Placement", overlaps="placement")


class Deviation(_CaseChild, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "deviations"
    __table_args__ = (
        placement_fk(),
        enum_check("kind", _values(DeviationKind)),
        enum_check("reported_by", _values(Reporter)),
        CheckConstraint("decision IS NULL OR decision IN ("
                        + ", ".join(f"'{v}'" for v in _values(DeviationDecision)) + ")",
                        name="decision_allowed"),
        CheckConstraint("decision IS NULL OR decided_on IS NOT NULL", name="decision_dated"),
        date_range_check("occurred_on", "decided_on", "decided_after_occurred"),
    )

    occurred_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    reported_by: Mapped[str] = mapped_column(String(12))
    description: Mapped[str] = mapped_column(Text, default="")
    meeting_on: Mapped[date | None] = mapped_column(Date)
    decision: Mapped[str | None] = mapped_column(String(12))
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    placement = relationship("Placement", overlaps="placement")
    decided_by = relationship("User")
