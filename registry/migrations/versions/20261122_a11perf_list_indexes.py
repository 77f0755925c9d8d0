"""Indexes for the municipality lists at national scale (issue 11).

Each list reads one municipality's rows newest first and pages through them: an index on
(municipality_id, date, id) answers the filter and the order together, so a page costs
the same on page 1 and page 200 of the index instead of a sort of every row.

Revision ID: a11perf
Revises: a10audit
Create Date: 2026-11-22
"""

from alembic import op

revision = "a11perf"
down_revision = "a10audit"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_placements_municipality_start", "placements", ["municipality_id", "start_date", "id"]),
    ("ix_invoices_municipality_period", "invoices", ["municipality_id", "period_start", "id"]),
    ("ix_reimbursement_claims_municipality_period", "reimbursement_claims",
     ["municipality_id", "period_start", "id"]),
)


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade():
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
