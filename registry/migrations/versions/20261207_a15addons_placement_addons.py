"""Add-ons attached to a placement for a period (issue 18): placement_addons.

A new table only; no existing data changes, so placements without add-ons cost as before.

Revision ID: a15addons
Revises: a14prices
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "a15addons"
down_revision = "a14prices"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "placement_addons",
        sa.Column("price_item_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("unit", sa.String(length=12), nullable=False),
        sa.Column("price_ore", sa.BigInteger(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("hours_per_month", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("valid_to IS NULL OR valid_to >= valid_from",
                           name=op.f("ck_placement_addons_addon_ends_after_start")),
        sa.CheckConstraint("price_ore > 0", name=op.f("ck_placement_addons_addon_price_positive")),
        sa.CheckConstraint("unit IN ('day', 'hour', 'programme', 'month')",
                           name=op.f("ck_placement_addons_addon_unit_allowed")),
        sa.CheckConstraint("hours_per_month IS NULL OR hours_per_month >= 0",
                           name=op.f("ck_placement_addons_addon_hours_not_negative")),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipalities.id"],
                                name=op.f("fk_placement_addons_municipality_id_municipalities")),
        sa.ForeignKeyConstraint(["placement_id", "municipality_id"],
                                ["placements.id", "placements.municipality_id"],
                                name=op.f("fk_placement_addons_placement_id_placements")),
        sa.ForeignKeyConstraint(["price_item_id"], ["price_list_items.id"],
                                name=op.f("fk_placement_addons_price_item_id_price_list_items")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"],
                                name=op.f("fk_placement_addons_recorded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placement_addons")),
    )
    with op.batch_alter_table("placement_addons") as batch:
        batch.create_index(batch.f("ix_placement_addons_municipality_id"), ["municipality_id"])
        batch.create_index(batch.f("ix_placement_addons_placement_id"), ["placement_id"])


def downgrade():
    op.drop_table("placement_addons")
