"""The API's resources; importing this package adds their routes to the `api` blueprint."""

from registry.api.resources import (  # noqa: F401
    agreements,
    case_events,
    claims,
    docs,
    placement_addons,
    placement_costs,
    placements,
    providers,
)
