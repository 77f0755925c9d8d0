"""Schema changes for money (issue 6): none needed.

The initial schema already holds invoices (unique number per provider, mismatch_reason),
reimbursement claims (every step dated and signed) and budgets. Overlapping claims are
refused by the service under a row lock on the placement, not by a constraint, because
SQLite has no exclusion constraints.

Revision ID: a6finance
Revises: a5placements
Create Date: 2026-11-22
"""

import sqlalchemy as sa  # noqa: F401 - used by the operations below when there are any
from alembic import op  # noqa: F401

revision = "a6finance"
down_revision = "a5placements"
branch_labels = None
depends_on = None


def upgrade():
    """Apply this area's schema changes (none)."""


def downgrade():
    """Revert this area's schema changes (none)."""
