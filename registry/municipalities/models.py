"""Municipality (kommun) with the settings each one may set for itself."""

from sqlalchemy import CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.core.models import IdMixin, TimestampMixin, VersionedMixin
from registry.extensions import db


class Municipality(IdMixin, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "municipalities"
    __table_args__ = (
        CheckConstraint("length(scb_code) = 4", name="scb_code_length"),
        CheckConstraint("initial_period_months BETWEEN 1 AND 36", name="initial_period_range"),
        CheckConstraint("follow_up_interval_months BETWEEN 1 AND 12", name="follow_up_range"),
        CheckConstraint("report_due_day BETWEEN 1 AND 28", name="report_due_day_range"),
        CheckConstraint("youth_age_limit BETWEEN 18 AND 25", name="youth_age_range"),
    )

    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    scb_code: Mapped[str] = mapped_column(String(4), unique=True)
    lpo: Mapped[str] = mapped_column(String(80))
    initial_period_months: Mapped[int] = mapped_column(Integer, default=6)
    follow_up_interval_months: Mapped[int] = mapped_column(Integer, default=3)
    report_due_day: Mapped[int] = mapped_column(Integer, default=10)
    youth_age_limit: Mapped[int] = mapped_column(Integer, default=20)

    def __str__(self):
        return self.name
