"""Agreement, its parties, providers, options, terms and price list items."""

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
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


class AgreementForm(LabelledEnum):
    FRAMEWORK = "framework", "Ramavtal"
    DIRECT_AWARD = "direct_award", "Direktupphandling"
    SINGLE_CASE = "single_case", "Enskild upphandling"
    INTER_MUNICIPAL = "inter_municipal", "Samverkansavtal (mellankommunalt)"


class OptionDecision(LabelledEnum):
    PENDING = "pending", "Ej beslutad"
    EXERCISED = "exercised", "Utnyttjad"
    DECLINED = "declined", "Ej utnyttjad"


# The contract terms the report asks for (domain.md §2.5, Q1, Q2, Q26, Q27).
CONTRACT_TERMS = {
    "audit_rights": "Rätt till kontroll, uppföljning och revision",
    "monthly_reporting": "Skyldighet att lämna månadsrapporter",
    "deviation_reporting_24h": "Avvikelser rapporteras inom 24 timmar",
    "no_self_referrals": "Inga egengenererade remisser",
}

agreement_parties = Table(
    "agreement_parties", db.metadata,
    Column("agreement_id", ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True),
    Column("municipality_id", ForeignKey("municipalities.id"), primary_key=True),
)


class Agreement(IdMixin, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "agreements"
    __table_args__ = (
        enum_check("form", [f.value for f in AgreementForm]),
        date_range_check("start_date", "end_date"),
        CheckConstraint("ceiling_ore IS NULL OR ceiling_ore >= 0", name="ceiling_non_negative"),
    )

    reference: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    form: Mapped[str] = mapped_column(String(20))
    lead_municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    ceiling_ore: Mapped[int | None] = mapped_column(BigInteger)
    description: Mapped[str] = mapped_column(Text, default="")
    fictional: Mapped[bool] = mapped_column(Boolean, default=False)

    lead_municipality = relationship("Municipality")
    participants = relationship("Municipality", secondary=agreement_parties, lazy="selectin",
                                order_by="Municipality.name")
    providers = relationship("AgreementProvider", cascade="all, delete-orphan",
                             order_by="AgreementProvider.rank", back_populates="agreement")
    options = relationship("ExtensionOption", cascade="all, delete-orphan",
                           order_by="ExtensionOption.sequence", back_populates="agreement")
    terms = relationship("AgreementTerm", cascade="all, delete-orphan",
                         back_populates="agreement")

    def __str__(self):
        return f"{self.reference} {self.title}"


class AgreementProvider(IdMixin, db.Model):
    """A provider on an agreement, with its rank or call-off rule."""

    __tablename__ = "agreement_providers"
    __table_args__ = (
        UniqueConstraint("agreement_id", "provider_id"),
        CheckConstraint("rank IS NULL OR rank >= 1", name="rank_positive"),
    )

    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"))
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    rank: Mapped[int | None] = mapped_column(Integer)
    call_off_rule: Mapped[str | None] = mapped_column(String(300))

    agreement = relationship("Agreement", back_populates="providers")
    provider = relationship("Provider", lazy="joined")


class ExtensionOption(IdMixin, TimestampMixin, VersionedMixin, db.Model):
    """An option to extend an agreement, exercisable until a last date."""

    __tablename__ = "extension_options"
    __table_args__ = (
        UniqueConstraint("agreement_id", "sequence"),
        enum_check("decision", [d.value for d in OptionDecision]),
        CheckConstraint("length_months BETWEEN 1 AND 60", name="length_range"),
        CheckConstraint("decision = 'pending' OR decided_on IS NOT NULL", name="decision_dated"),
    )

    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"))
    sequence: Mapped[int] = mapped_column(Integer)
    length_months: Mapped[int] = mapped_column(Integer)
    exercise_by: Mapped[date] = mapped_column(Date)
    decision: Mapped[str] = mapped_column(String(12), default=OptionDecision.PENDING.value)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    agreement = relationship("Agreement", back_populates="options")
    decided_by = relationship("User", lazy="joined")


class AgreementTerm(IdMixin, db.Model):
    """A contract term the report asks for, as a checkable item with a note."""

    __tablename__ = "agreement_terms"
    __table_args__ = (
        UniqueConstraint("agreement_id", "code"),
        enum_check("code", list(CONTRACT_TERMS)),
    )

    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    fulfilled: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")

    agreement = relationship("Agreement", back_populates="terms")


class PriceListItem(IdMixin, TimestampMixin, VersionedMixin, db.Model):
    """A price for one service on one agreement with one provider, for a validity period."""

    __tablename__ = "price_list_items"
    __table_args__ = (
        date_range_check("valid_from", "valid_to"),
        CheckConstraint("price_ore > 0", name="price_positive"),
        CheckConstraint("unit IN ('day', 'hour', 'programme', 'month')", name="unit_allowed"),
        UniqueConstraint("agreement_id", "provider_id", "service_type_id", "addon", "valid_from"),
    )

    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    service_type_id: Mapped[int] = mapped_column(ForeignKey("service_types.id"))
    addon: Mapped[str] = mapped_column(String(80), default="")
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    price_ore: Mapped[int] = mapped_column(BigInteger)
    # What one price buys (day / hour / programme / month); an add-on has its own unit.
    unit: Mapped[str] = mapped_column(String(12), default="day", server_default="day")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime)

    agreement = relationship("Agreement")
    provider = relationship("Provider")
    service_type = relationship("ServiceType", lazy="joined")
