"""/placements/{id}/costs: a placement's cost by its unit, the figures of the finance page."""

from registry.api.blueprint import bp
from registry.api.listing import owned
from registry.api.resources.placements import ONE, TAGS
from registry.api.schemas.placements import PlacementCostsSchema
from registry.core.dates import today
from registry.core.money import format_rate
from registry.core.permissions import Permission, require
from registry.finance import addons as addon_money
from registry.finance import queries as money
from registry.placements.models import Placement


def costs_of(placement, on):
    """Return the costs document of one own placement as of day `on` (DESIGN §7)."""
    plan = money.plan_of(placement)
    schedule = plan.schedule
    forecast = addon_money.forecast(schedule, plan.addons, plan.planned_end, on)
    months = addon_money.accrual_by_month(schedule, plan.addons, plan.planned_end, on)
    return {
        "rate_ore": placement.daily_rate_ore, "rate_unit": schedule.unit,
        "rate_label": format_rate(placement.daily_rate_ore, schedule.unit),
        "planned_hours_per_month": schedule.planned_hours,
        "rate_changes": [{"valid_from": valid_from, "rate_ore": rate}
                         for valid_from, rate in schedule.rates[1:]],
        "extensions": [extension.new_end for extension in placement.extensions],
        "as_of": on, "to_date_ore": forecast.cost_to_date_ore,
        "forecast_ore": forecast.cost_remaining_ore, "total_ore": forecast.cost_total_ore,
        "months": [{"month": m.month.strftime("%Y-%m"), "days": m.days + m.forecast_days,
                    "quantity": m.quantity, "cost_ore": m.cost_ore,
                    "forecast_ore": m.forecast_ore} for m in months],
        "addons": [_shown(figures) for figures in
                   addon_money.addon_figures(plan.schedule, plan.addons, plan.planned_end, on)],
    }



def _shown(figures):
    """Return one add-on's figures as the API shows them (months as YYYY-MM)."""
    addon = figures.addon
    return {"id": addon.id, "name": addon.name, "unit": addon.unit,
            "price_ore": addon.price_ore, "label": addon.label,
            "valid_from": addon.valid_from, "valid_to": addon.valid_to,
            "to_date_ore": figures.to_date_ore, "forecast_ore": figures.forecast_ore,
            "months": [{"month": m.month.strftime("%Y-%m"), "quantity": m.quantity,
                        "cost_ore": m.cost_ore, "forecast_ore": m.forecast_ore}
                       for m in figures.months]}


@bp.route(f"{ONE}/costs", methods=["GET"], tags=TAGS)
@require(Permission.PLACEMENT_MONEY_VIEW)
@bp.response(200, PlacementCostsSchema)
def placement_costs(placement_id):
    """A placement's cost per month by its unit, to date and forecast (as the finance page)."""
    return costs_of(owned(Placement, placement_id), today())
