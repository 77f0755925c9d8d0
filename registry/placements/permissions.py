"""What a user may do with one placement; views and templates ask the same functions."""

from registry.core.permissions import Permission


def _own(user, placement):
    return user.municipality_id is not None and user.municipality_id == placement.municipality_id


def can_edit(user, placement):
    """Return True when the user may change the placement and record follow-ups."""
    return user.can(Permission.PLACEMENTS_EDIT) and _own(user, placement)


def can_report(user, placement):
    """Return True when the user may register and follow up monthly reports."""
    return user.can(Permission.PLACEMENTS_REPORT_CREATE) and _own(user, placement)


def can_extend(user, placement):
    """Return True when the user may extend or end the placement: it must still run."""
    return can_edit(user, placement) and placement.end_date is None


POLICY = {"edit": can_edit, "report": can_report, "extend": can_extend}
