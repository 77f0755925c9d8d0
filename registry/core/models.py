"""Base mixins for models: surrogate keys, timestamps and optimistic locking."""

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Integer
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from registry.core.dates import utcnow


class IdMixin:
    id: Mapped[int] = mapped_column(Integer, primary_key=True)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow, nullable=False
    )


class VersionedMixin:
    """Optimistic locking: every UPDATE checks and bumps `version`."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls):  # noqa: N805 - SQLAlchemy declared_attr signature
        return {"version_id_col": cls.__table__.c.version}


def date_range_check(start, end, name="dates_ordered"):
    """Return a CHECK that `end` is empty or not before `start`."""
    return CheckConstraint(f"{end} IS NULL OR {end} >= {start}", name=name)


def non_negative(column):
    """Return a CHECK that a numeric column is zero or more."""
    return CheckConstraint(f"{column} >= 0", name=f"{column}_non_negative")


def enum_check(column, values, name=None):
    """Return a CHECK that a text column holds one of `values`."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name or f"{column}_allowed")
