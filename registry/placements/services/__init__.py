"""Writes of placements and their follow-up: they check the rules, flush and audit.

Every function raises Refused (with the form field it concerns) on a refused
action and never commits; the request does.
"""

from registry.placements.services.follow_up import (
    add_deviation,
    add_follow_up,
    add_report,
    update_deviation,
    update_follow_up,
    update_report,
)
from registry.placements.services.lifecycle import (
    change_rate,
    create_placement,
    end_placement,
    extend_placement,
    update_placement,
)
from registry.placements.services.standing import provider_warnings, standing_warning

__all__ = ["add_deviation", "add_follow_up", "add_report", "change_rate", "create_placement",
           "end_placement", "extend_placement", "provider_warnings", "standing_warning",
           "update_deviation", "update_follow_up", "update_placement", "update_report"]
