"""Schema changes for reports and statistics (issue 8).

Revision ID: a8reports
Revises: a7alerts
Create Date: 2026-11-22
"""

import sqlalchemy as sa  # noqa: F401 - used by the operations below when there are any
from alembic import op  # noqa: F401

revision = "a8reports"
down_revision = "a7alerts"
branch_labels = None
depends_on = None


def upgrade():
    """Apply this area's schema changes: none, the reports only read existing tables."""


def downgrade():
    """Revert this area's schema changes: none."""
