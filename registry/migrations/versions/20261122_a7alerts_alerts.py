"""Schema changes for alerts and the scheduler (issue 7): the job_runs table (job health).

Revision ID: a7alerts
Revises: a6finance
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "a7alerts"
down_revision = "a6finance"
branch_labels = None
depends_on = None


def upgrade():
    """Record every run of a scheduled job (start, end, counts, error); check alert audiences."""
    op.create_table(
        "job_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job", sa.String(length=40), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("runner", sa.String(length=120), nullable=False),
        sa.CheckConstraint("status IN ('succeeded', 'failed')",
                           name=op.f("ck_job_runs_status_allowed")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_runs")),
    )
    with op.batch_alter_table("job_runs") as batch_op:
        batch_op.create_index("ix_job_runs_job_started", ["job", "started_at"], unique=False)
    with op.batch_alter_table("alerts") as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_alerts_audience_allowed"),
            "audience IN ('purchaser', 'case_officer', 'finance', 'purchaser_finance')")


def downgrade():
    """Drop the job_runs table and the audience check."""
    with op.batch_alter_table("alerts") as batch_op:
        batch_op.drop_constraint(op.f("ck_alerts_audience_allowed"), type_="check")
    with op.batch_alter_table("job_runs") as batch_op:
        batch_op.drop_index("ix_job_runs_job_started")
    op.drop_table("job_runs")
