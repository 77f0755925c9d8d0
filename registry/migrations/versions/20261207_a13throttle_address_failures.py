"""Failed logins counted per client address in the database (issue 17, checklist U11).

address_failures: one row per failed credential check, keyed by the client address (an
IPv6 /64), so the per-IP limit holds across workers without a shared limiter store.
Rows older than the window are pruned as new failures are written (auth/throttle.py).

Revision ID: a13throttle
Revises: a13scope
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "a13throttle"
down_revision = "a13scope"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "address_failures",
        sa.Column("address", sa.String(length=45), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_address_failures")),
    )
    op.create_index("ix_address_failures_address_occurred_at", "address_failures",
                    ["address", "occurred_at"])
    op.create_index(op.f("ix_address_failures_occurred_at"), "address_failures",
                    ["occurred_at"])


def downgrade():
    op.drop_index(op.f("ix_address_failures_occurred_at"), table_name="address_failures")
    op.drop_index("ix_address_failures_address_occurred_at", table_name="address_failures")
    op.drop_table("address_failures")
