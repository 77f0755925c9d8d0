"""Shared alerts are acknowledged and snoozed per municipality (issue 17).

shared_alert_states: one municipality's handling (acknowledged, or snoozed until a day) of
an alert that has no municipality (about a provider or an agreement, shown to several
municipalities); no row means open for that municipality. Existing shared alerts that one
purchaser acknowledged stay acknowledged for that purchaser's municipality only and open
again for every other; a snooze (which does not record who) is lifted. The shared alert's
own status is then open or resolved only.

Revision ID: a13ack
Revises: a13throttle (issue 17 asks for a12ops; chained here so the branch has one head)
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "a13ack"
down_revision = "a13throttle"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "shared_alert_states",
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=14), nullable=False),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.Column("acknowledged_by_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.CheckConstraint("status IN ('acknowledged', 'snoozed')",
                           name=op.f("ck_shared_alert_states_status_allowed")),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"], ondelete="CASCADE",
                                name=op.f("fk_shared_alert_states_alert_id_alerts")),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipalities.id"],
                                name=op.f("fk_shared_alert_states_municipality_id_municipalities")),
        sa.ForeignKeyConstraint(["acknowledged_by_id"], ["users.id"],
                                name=op.f("fk_shared_alert_states_acknowledged_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shared_alert_states")),
        sa.UniqueConstraint("alert_id", "municipality_id",
                            name=op.f("uq_shared_alert_states_alert_id_municipality_id")),
    )
    op.execute(
        "INSERT INTO shared_alert_states (alert_id, municipality_id, status, acknowledged_at, "
        "acknowledged_by_id) SELECT alerts.id, users.municipality_id, 'acknowledged', "
        "alerts.acknowledged_at, alerts.acknowledged_by_id FROM alerts "
        "JOIN users ON users.id = alerts.acknowledged_by_id "
        "WHERE alerts.municipality_id IS NULL AND alerts.status = 'acknowledged' "
        "AND users.municipality_id IS NOT NULL")
    op.execute(
        "UPDATE alerts SET status = 'open', snoozed_until = NULL, acknowledged_at = NULL, "
        "acknowledged_by_id = NULL "
        "WHERE municipality_id IS NULL AND status IN ('acknowledged', 'snoozed')")


def downgrade():
    op.drop_table("shared_alert_states")
