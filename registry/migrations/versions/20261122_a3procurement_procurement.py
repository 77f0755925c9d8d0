"""Schema changes for procurement (issue 3).

Revision ID: a3procurement
Revises: 0ddb5b063754
Create Date: 2026-11-22
"""

import sqlalchemy as sa  # noqa: F401 - used by the operations below when there are any
from alembic import op  # noqa: F401

revision = "a3procurement"
down_revision = "0ddb5b063754"
branch_labels = None
depends_on = None


def upgrade():
    """Apply this area's schema changes (none yet)."""


def downgrade():
    """Revert this area's schema changes (none yet)."""
