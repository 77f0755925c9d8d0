"""Provider, ServiceType and Document."""

import secrets
from datetime import date, datetime

from sqlalchemy import (
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
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.core.dates import utcnow
from registry.core.enums import LabelledEnum
from registry.core.models import IdMixin, TimestampMixin, VersionedMixin, enum_check
from registry.extensions import db


class ServiceUnit(LabelledEnum):
    DAY = "day", "per dygn"
    HOUR = "hour", "per timme"
    PROGRAMME = "programme", "per program"
    MONTH = "month", "per månad"


class OrgForm(LabelledEnum):
    COMPANY = "ab", "Aktiebolag"
    FOUNDATION = "stiftelse", "Stiftelse"
    ASSOCIATION = "ideell_forening", "Ideell förening"
    MUNICIPALITY = "kommun", "Kommun"
    REGION = "region", "Region"


class ProviderStatus(LabelledEnum):
    ACTIVE = "active", "Aktiv"
    UNDER_REVIEW = "under_review", "Under granskning"
    SUSPENDED = "suspended", "Avstängd"
    TERMINATED = "terminated", "Avslutad"


class TargetGroup(LabelledEnum):
    YOUTH = "youth_under_18", "Unga under 18"
    YOUNG_ADULT = "young_adult_18_20", "18–20 år"
    ADULT = "adult", "Vuxna"
    WOMEN = "women", "Kvinnor"
    MEN = "men", "Män"


class ServiceType(IdMixin, VersionedMixin, db.Model):
    """A kind of support (insatstyp): its unit decides how money accrues (DESIGN §2a)."""

    __tablename__ = "service_types"
    __table_args__ = (enum_check("unit", [u.value for u in ServiceUnit]),)

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    unit: Mapped[str] = mapped_column(String(12))
    requires_permit: Mapped[bool] = mapped_column(Boolean, default=False)
    residential: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __str__(self):
        return self.name


provider_services = Table(
    "provider_services", db.metadata,
    Column("provider_id", ForeignKey("providers.id", ondelete="CASCADE"), primary_key=True),
    Column("service_type_id", ForeignKey("service_types.id"), primary_key=True),
)


class Provider(IdMixin, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "providers"
    __table_args__ = (
        enum_check("org_form", [f.value for f in OrgForm]),
        enum_check("status", [s.value for s in ProviderStatus]),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_non_negative"),
        CheckConstraint("status != 'suspended' OR suspended_until IS NOT NULL",
                        name="suspension_has_end"),
    )

    legal_name: Mapped[str] = mapped_column(String(200))
    org_number: Mapped[str] = mapped_column(String(11), unique=True)
    org_form: Mapped[str] = mapped_column(String(20))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"))
    target_groups: Mapped[list] = mapped_column(db.JSON, default=list)
    regions: Mapped[str] = mapped_column(String(300), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")
    permit_number: Mapped[str | None] = mapped_column(String(60))
    permit_scope: Mapped[str | None] = mapped_column(String(300))
    permit_valid_until: Mapped[date | None] = mapped_column(Date)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default=ProviderStatus.ACTIVE.value)
    status_reason: Mapped[str | None] = mapped_column(Text)
    status_changed_on: Mapped[date | None] = mapped_column(Date)
    suspended_until: Mapped[date | None] = mapped_column(Date)
    fictional: Mapped[bool] = mapped_column(Boolean, default=False)

    services = relationship("ServiceType", secondary=provider_services, lazy="selectin",
                            order_by="ServiceType.position")
    documents = relationship("Document", back_populates="provider",
                             order_by="Document.uploaded_at.desc()")

    def __str__(self):
        return self.legal_name


class DocumentKind(LabelledEnum):
    PERMIT = "permit", "Tillstånd (IVO)"
    AUDIT_REPORT = "audit_report", "Granskningsrapport"
    CONTRACT = "contract", "Undertecknat avtal"
    EVIDENCE = "evidence", "Underlag till bedömning"
    POLICE_DECISION = "police_decision", "Polisens beslut om återsökning"
    OTHER = "other", "Övrigt"


def new_public_id():
    """Return an unguessable document address (256 random bits, URL-safe)."""
    return secrets.token_urlsafe(32)


class Document(IdMixin, db.Model):
    """A stored file about a provider or agreement: metadata here, bytes on disk."""

    __tablename__ = "documents"
    __table_args__ = (
        enum_check("kind", [k.value for k in DocumentKind]),
        CheckConstraint("size_bytes >= 0", name="size_non_negative"),
        CheckConstraint("provider_id IS NOT NULL OR agreement_id IS NOT NULL "
                        "OR claim_id IS NOT NULL", name="has_owner"),
    )

    # The address a file is served at: random, so one document's id does not lead to the next.
    public_id: Mapped[str] = mapped_column(String(43), unique=True, default=new_public_id)
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"), index=True)
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"), index=True)
    # A police decision letter belongs to one reimbursement claim (case data: served only by
    # finance to the claim's municipality, never through the providers' download route).
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("reimbursement_claims.id"),
                                                 index=True)
    kind: Mapped[str] = mapped_column(String(20))
    original_name: Mapped[str] = mapped_column(String(255))
    storage_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    provider = relationship("Provider", back_populates="documents")
