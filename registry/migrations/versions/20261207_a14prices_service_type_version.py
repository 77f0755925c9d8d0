"""Service types are edited by the coordinator (issue 18): they carry a version for locking.

service_types.version: optimistic locking like every other edited record; existing rows
start at version 1. No data changes.

Revision ID: a14prices
Revises: a14claims
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "a14prices"
down_revision = "a14claims"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("service_types") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False,
                                   server_default="1"))
    with op.batch_alter_table("service_types") as batch:
        batch.alter_column("version", server_default=None)


def downgrade():
    with op.batch_alter_table("service_types") as batch:
        batch.drop_column("version")
