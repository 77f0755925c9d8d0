"""Price units: what one rate buys, on price items, placements and monthly reports (issue 18).

* service_types.unit may also be 'month' (per månad).
* price_list_items.unit: day / hour / programme / month. Existing items take their service
  type's unit (add-ons too: an add-on had no unit of its own before; a coordinator corrects
  a tolk item priced per hour by ending it and adding one per timme).
* placements.rate_unit: the unit of `daily_rate_ore` (the column keeps its name and now holds
  the rate per rate_unit). An existing placement takes the unit of its price item, or of its
  service type when it has none. Cost is computed, never stored, so nothing else is
  rewritten: from this revision a per-programme placement costs its price once (on the start
  day) instead of the price every day, and a per-hour placement costs its reported hours ×
  the rate (planned hours per month until a report gives hours) instead of the rate per day.
  Forecasts, budgets, agreement spend, ceilings, reconciliation, reimbursement and
  statistics read the corrected figures at once.
* placements.planned_hours_per_month: the forecast of an hourly service (empty = none).
* monthly_reports.hours: the hours given in the month, for an hourly service.

Revision ID: a14units
Revises: a13ack
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "a14units"
down_revision = "a13ack"
branch_labels = None
depends_on = None

UNITS = "('day', 'hour', 'programme', 'month')"


def upgrade():
    with op.batch_alter_table("service_types") as batch:
        batch.drop_constraint(op.f("ck_service_types_unit_allowed"), type_="check")
        batch.create_check_constraint("unit_allowed", f"unit IN {UNITS}")
    with op.batch_alter_table("price_list_items") as batch:
        batch.add_column(sa.Column("unit", sa.String(length=12), nullable=False,
                                   server_default="day"))
        batch.create_check_constraint("unit_allowed", f"unit IN {UNITS}")
    op.execute("UPDATE price_list_items SET unit = (SELECT service_types.unit FROM service_types "
               "WHERE service_types.id = price_list_items.service_type_id)")
    with op.batch_alter_table("placements") as batch:
        batch.add_column(sa.Column("rate_unit", sa.String(length=12), nullable=False,
                                   server_default="day"))
        batch.add_column(sa.Column("planned_hours_per_month", sa.Integer(), nullable=True))
        batch.create_check_constraint("rate_unit_allowed", f"rate_unit IN {UNITS}")
        batch.create_check_constraint(
            "planned_hours_not_negative",
            "planned_hours_per_month IS NULL OR planned_hours_per_month >= 0")
    op.execute(
        "UPDATE placements SET rate_unit = COALESCE("
        "(SELECT price_list_items.unit FROM price_list_items "
        " WHERE price_list_items.id = placements.price_item_id), "
        "(SELECT service_types.unit FROM service_types "
        " WHERE service_types.id = placements.service_type_id), 'day')")
    with op.batch_alter_table("monthly_reports") as batch:
        batch.add_column(sa.Column("hours", sa.Integer(), nullable=True))
        batch.create_check_constraint("hours_range", "hours IS NULL OR hours BETWEEN 0 AND 744")


def downgrade():
    with op.batch_alter_table("monthly_reports") as batch:
        batch.drop_constraint(op.f("ck_monthly_reports_hours_range"), type_="check")
        batch.drop_column("hours")
    with op.batch_alter_table("placements") as batch:
        batch.drop_constraint(op.f("ck_placements_planned_hours_not_negative"), type_="check")
        batch.drop_constraint(op.f("ck_placements_rate_unit_allowed"), type_="check")
        batch.drop_column("planned_hours_per_month")
        batch.drop_column("rate_unit")
    with op.batch_alter_table("price_list_items") as batch:
        batch.drop_constraint(op.f("ck_price_list_items_unit_allowed"), type_="check")
        batch.drop_column("unit")
    op.execute("UPDATE service_types SET unit = 'day' WHERE unit = 'month'")
    with op.batch_alter_table("service_types") as batch:
        batch.drop_constraint(op.f("ck_service_types_unit_allowed"), type_="check")
        batch.create_check_constraint("unit_allowed", "unit IN ('day', 'hour', 'programme')")
