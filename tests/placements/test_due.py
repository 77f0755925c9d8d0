"""The month grid and the due list of one placement (pure, no database)."""

from datetime import date
from types import SimpleNamespace

from registry.placements.due import DueKind, due_items, report_grid
from registry.placements.queries import PlacementState, placement_state
from registry.placements.schedule import ReportState


def _report(month, received_on, source="provider"):
    return SimpleNamespace(month=month, received_on=received_on, source=source)


def _placement(start, end=None, police=None, planned_end=None, plan=None):
    return SimpleNamespace(start_date=start, end_date=end, police_definition_on=police,
                           planned_end=planned_end or date(2026, 7, 15),
                           implementation_plan_received_on=plan)


def test_grid_expects_police_reports_only_when_the_police_definition_is_met():
    on = date(2026, 3, 20)
    placement = _placement(date(2026, 1, 15))
    reports = [_report(date(2026, 1, 1), date(2026, 2, 3)),
               _report(date(2026, 2, 1), date(2026, 3, 12))]
    grid = report_grid(placement, reports, 10, on)
    states = [(row.month, row.states["provider"], row.states["police"]) for row in grid]
    assert states == [
        (date(2026, 3, 1), ReportState.PENDING, ReportState.NOT_EXPECTED),
        (date(2026, 2, 1), ReportState.LATE, ReportState.NOT_EXPECTED),
        (date(2026, 1, 1), ReportState.RECEIVED, ReportState.NOT_EXPECTED),
    ]
    assert grid[1].report.received_on == date(2026, 3, 12)
    placement.police_definition_on = date(2026, 1, 10)
    grid = report_grid(placement, reports, 10, on)
    assert grid[-1].states["police"] == ReportState.MISSING


def test_due_items_list_missing_reports_then_the_next_pending_one():
    on = date(2026, 4, 20)
    placement = _placement(date(2026, 1, 15), plan=date(2026, 1, 20))
    reports = [_report(date(2026, 1, 1), date(2026, 2, 3))]
    grid = report_grid(placement, reports, 10, on)
    items = due_items(placement, grid, [], [], 3, on)
    summary = [(i.kind, i.due_on, i.overdue) for i in items]
    assert summary == [
        (DueKind.REPORT, date(2026, 3, 10), True),
        (DueKind.REPORT, date(2026, 4, 10), True),
        (DueKind.FOLLOW_UP, date(2026, 4, 15), True),
        (DueKind.REPORT, date(2026, 5, 10), False),
        (DueKind.PERIOD_END, date(2026, 7, 15), False),
    ]
    assert items[0].label == "Månadsrapport 2026-02 (Utförare)"


def test_follow_up_due_counts_from_the_latest_follow_up():
    on = date(2026, 5, 1)
    placement = _placement(date(2026, 1, 15), plan=date(2026, 1, 20))
    held = [SimpleNamespace(held_on=date(2026, 4, 1), next_due=date(2026, 6, 1)),
            SimpleNamespace(held_on=date(2026, 2, 1), next_due=date(2026, 5, 1))]
    items = due_items(placement, [], held, [], 3, on)
    assert [(i.kind, i.due_on) for i in items if i.kind == DueKind.FOLLOW_UP] == [
        (DueKind.FOLLOW_UP, date(2026, 6, 1))]


def test_a_missing_plan_and_an_undecided_deviation_are_due():
    on = date(2026, 2, 20)
    placement = _placement(date(2026, 1, 15))
    deviations = [SimpleNamespace(occurred_on=date(2026, 2, 10), decision=None),
                  SimpleNamespace(occurred_on=date(2026, 2, 1), decision="continue")]
    kinds = {(i.kind, i.due_on, i.overdue) for i in due_items(placement, [], [], deviations,
                                                               3, on)}
    assert (DueKind.PLAN, date(2026, 2, 14), True) in kinds
    assert (DueKind.DEVIATION, date(2026, 2, 17), True) in kinds
    assert len([k for k in kinds if k[0] == DueKind.DEVIATION]) == 1


def test_an_ended_placement_has_only_its_outstanding_reports_due():
    on = date(2026, 4, 5)
    placement = _placement(date(2026, 1, 15), end=date(2026, 3, 15))
    reports = [_report(date(2026, 1, 1), date(2026, 2, 3))]
    items = due_items(placement, report_grid(placement, reports, 10, on), [], [], 3, on)
    assert [(i.kind, i.month, i.overdue) for i in items] == [
        (DueKind.REPORT, date(2026, 2, 1), True), (DueKind.REPORT, date(2026, 3, 1), False)]


def test_placement_state():
    placement = _placement(date(2026, 1, 15), end=date(2026, 6, 30))
    assert placement_state(placement, date(2026, 1, 14)) == PlacementState.UPCOMING
    assert placement_state(placement, date(2026, 1, 15)) == PlacementState.ACTIVE
    assert placement_state(placement, date(2026, 6, 29)) == PlacementState.ACTIVE
    # The end day is the departure day, not a care day (rules.in_care).
    assert placement_state(placement, date(2026, 6, 30)) == PlacementState.ENDED
    assert placement_state(placement, date(2026, 7, 1)) == PlacementState.ENDED
