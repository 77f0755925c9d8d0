"""Schema changes for quality (issue 4): scored number indicators and the lowest-band flag.

Revision ID: a4quality
Revises: a3procurement
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "a4quality"
down_revision = "a3procurement"
branch_labels = None
depends_on = None


def upgrade():
    """Add number scoring points to indicators and the lowest-band flag to assessments."""
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("number_zero_at", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("number_full_at", sa.Float(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_indicators_text_unscored"),
            "answer_type != 'text' OR (weight = 0 AND NOT critical)")
        batch_op.create_check_constraint(
            op.f("ck_indicators_number_points_differ"),
            "number_zero_at IS NULL OR number_full_at IS NULL "
            "OR number_zero_at != number_full_at")

    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lowest_band", sa.Boolean(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_assessments_completed_has_band"),
            "status = 'draft' OR (band IS NOT NULL AND lowest_band IS NOT NULL)")


def downgrade():
    """Remove the columns and checks added above."""
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_assessments_completed_has_band"), type_="check")
        batch_op.drop_column("lowest_band")

    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_indicators_number_points_differ"), type_="check")
        batch_op.drop_constraint(op.f("ck_indicators_text_unscored"), type_="check")
        batch_op.drop_column("number_full_at")
        batch_op.drop_column("number_zero_at")
