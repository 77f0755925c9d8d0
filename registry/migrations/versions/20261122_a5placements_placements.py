"""Schema changes for placements and follow-up (issue 5).

Revision ID: a5placements
Revises: a4quality
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "a5placements"
down_revision = "a4quality"
branch_labels = None
depends_on = None


def upgrade():
    """Keep the reason a provider was chosen despite a failed or missing assessment."""
    with op.batch_alter_table("placements") as batch_op:
        batch_op.add_column(sa.Column("standing_override_reason", sa.Text(), nullable=False,
                                      server_default=""))


def downgrade():
    """Drop the provider-standing reason."""
    with op.batch_alter_table("placements") as batch_op:
        batch_op.drop_column("standing_override_reason")
