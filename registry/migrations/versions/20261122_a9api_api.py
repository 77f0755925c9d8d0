"""Schema changes for the JSON API (issue 9).

Revision ID: a9api
Revises: a8reports
Create Date: 2026-11-22
"""

import sqlalchemy as sa  # noqa: F401 - used by the operations below when there are any
from alembic import op  # noqa: F401

revision = "a9api"
down_revision = "a8reports"
branch_labels = None
depends_on = None


def upgrade():
    """Apply this area's schema changes (none yet)."""


def downgrade():
    """Revert this area's schema changes (none yet)."""
