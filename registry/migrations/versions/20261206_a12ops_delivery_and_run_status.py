"""A digest delivery's status and a job run that has started but not finished (issue 16).

digest_deliveries.status: "sending" is committed before the message goes to SMTP and "sent"
after (claimed_at: when it became "sending"), so a process killed in between never sends the day's digest twice; "failed" (the
server refused or could not be reached) is retried. Existing rows: sent when sent_at is
set, otherwise failed (they were waiting for a retry).

job_runs: a run is recorded as "running" before it works, so finished_at may be empty, and
a run whose process is gone is stored as "interrupted".

Revision ID: a12ops
Revises: a11perf
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "a12ops"
down_revision = "a11perf"
branch_labels = None
depends_on = None

DELIVERY = "status IN ('sending', 'sent', 'failed')"
RUN_NOW = "status IN ('running', 'succeeded', 'failed', 'interrupted')"
RUN_BEFORE = "status IN ('succeeded', 'failed')"


def upgrade():
    with op.batch_alter_table("digest_deliveries") as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE digest_deliveries SET status = CASE WHEN sent_at IS NULL "
               "THEN 'failed' ELSE 'sent' END")
    with op.batch_alter_table("digest_deliveries") as batch_op:
        batch_op.alter_column("status", existing_type=sa.String(length=10), nullable=False)
        batch_op.create_check_constraint(op.f("ck_digest_deliveries_status_allowed"), DELIVERY)
    with op.batch_alter_table("job_runs") as batch_op:
        batch_op.drop_constraint(op.f("ck_job_runs_status_allowed"), type_="check")
        batch_op.alter_column("finished_at", existing_type=sa.DateTime(), nullable=True)
        batch_op.create_check_constraint(op.f("ck_job_runs_status_allowed"), RUN_NOW)


def downgrade():
    op.execute("UPDATE job_runs SET status = 'failed', finished_at = started_at "
               "WHERE status IN ('running', 'interrupted')")
    with op.batch_alter_table("job_runs") as batch_op:
        batch_op.drop_constraint(op.f("ck_job_runs_status_allowed"), type_="check")
        batch_op.alter_column("finished_at", existing_type=sa.DateTime(), nullable=False)
        batch_op.create_check_constraint(op.f("ck_job_runs_status_allowed"), RUN_BEFORE)
    op.execute("UPDATE digest_deliveries SET sent_at = NULL WHERE status = 'failed'")
    with op.batch_alter_table("digest_deliveries") as batch_op:
        batch_op.drop_constraint(op.f("ck_digest_deliveries_status_allowed"), type_="check")
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("status")
