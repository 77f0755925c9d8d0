"""User accounts with roles, login failures for throttling (per account and per client
address), and API tokens."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.core.dates import utcnow
from registry.core.models import IdMixin, TimestampMixin, enum_check
from registry.core.permissions import CASE_DATA, Role, permissions_for
from registry.extensions import db


class User(IdMixin, TimestampMixin, UserMixin, db.Model):
    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    password_changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    municipality = relationship("Municipality", lazy="joined")
    role_rows = relationship("UserRole", cascade="all, delete-orphan", lazy="selectin")

    @property
    def roles(self):
        return {Role(row.role) for row in self.role_rows}

    @property
    def is_active(self):
        return self.active

    def get_id(self):
        """Tie the session to the session version so logout ends every old cookie."""
        return f"{self.id}:{self.session_version}"

    def has_role(self, role):
        return Role(role) in self.roles

    def can(self, permission):
        if permission in CASE_DATA and self.municipality_id is None:
            return False
        return permission in permissions_for(self.roles)

    def __str__(self):
        return self.display_name


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (enum_check("role", [r.value for r in Role]),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class LoginFailure(IdMixin, db.Model):
    """A failed login, kept in the database so every worker counts the same failures."""

    __tablename__ = "login_failures"

    account_key: Mapped[str] = mapped_column(String(254), index=True)
    ip: Mapped[str | None] = mapped_column(String(45))
    occurred_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class AddressFailure(IdMixin, db.Model):
    """A failed credential attempt counted against the client address (auth/throttle.py):
    the per-IP limit across all accounts, in the database so every worker counts the same."""

    __tablename__ = "address_failures"
    __table_args__ = (Index("ix_address_failures_address_occurred_at", "address", "occurred_at"),)

    address: Mapped[str] = mapped_column(String(45))
    occurred_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class ApiToken(IdMixin, db.Model):
    """A personal API token; only its SHA-256 hash is stored."""

    __tablename__ = "api_tokens"
    __table_args__ = (UniqueConstraint("token_hash"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
