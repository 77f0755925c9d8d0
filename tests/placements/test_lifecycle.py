"""One placement's whole life with a frozen clock, checking the month grid and due list.

Start 2026-02-01 under an agreement; six months in care (February to July) with reports
due on the 10th of the following month: April's comes in late and May's never does. A
follow-up, a deviation decided "continue", an extension to 2026-07-31, and an end as
planned on that day. At each step the case file's grid and due list, and the officer's
own list, are read from the pages as the officer sees them.
"""

import re
from datetime import date, datetime

import time_machine
from sqlalchemy import select

from registry.core.dates import STOCKHOLM
from registry.extensions import db
from registry.placements.models import Placement
from tests.conftest import post

OFFICER = ("case_officer", "solna")
REFERENCE = "SLN-LIV-0001"


def _at(day):
    return time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=STOCKHOLM),
                               tick=False)


def _grid(html):
    """Return {month: provider report state} from the case file's month grid."""
    rows = re.findall(r'<tr data-month="([\d-]+)">.*?data-source="provider" '
                      r'data-state="(\w+)"', html, re.S)
    return {date.fromisoformat(month): state for month, state in rows}


def _due(html):
    """Return [(kind, due day, overdue, month)] from the case file's due list."""
    items = re.findall(r'<li data-kind="(\w+)" data-due="([\d-]+)" data-overdue="(\d)"'
                       r'(?: data-month="([\d-]+)")?', html)
    return [(kind, date.fromisoformat(due), overdue == "1",
             date.fromisoformat(month) if month else None) for kind, due, overdue, month in items]


def _mine_row(html, placement_id):
    """Return (next kind, next due, overdue count) of the placement in 'Mina placeringar'."""
    match = re.search(rf'<tr data-placement="{placement_id}" data-kind="(\w+)" '
                      rf'data-due="([\d-]+)"[^>]*data-overdue-count="(\d+)"', html)
    return match.group(1), date.fromisoformat(match.group(2)), int(match.group(3))


class Officer:
    """The case officer's browser at one frozen moment."""

    def __init__(self, login_as, placement_id=None):
        self.client = login_as(OFFICER)
        self.placement_id = placement_id

    def page(self):
        response = self.client.get(f"/placements/{self.placement_id}")
        assert response.status_code == 200
        return response.get_data(as_text=True)

    def grid(self):
        return _grid(self.page())

    def due(self):
        return _due(self.page())

    def mine(self, query=""):
        html = self.client.get(f"/placements/mina?{query}").get_data(as_text=True)
        return _mine_row(html, self.placement_id) if f'data-placement="{self.placement_id}"' \
            in html else None

    def submit(self, path, data, expect=302):
        path = path.format(id=self.placement_id)
        response = post(self.client, path, data, token_from=path)
        assert response.status_code == expect, response.get_data(as_text=True)[-3000:]
        return response

    def report(self, month, received_on, expect=302):
        return self.submit("/placements/{id}/rapporter/ny", {
            "month": month.isoformat(), "source": "provider",
            "received_on": received_on.isoformat(), "days_in_care": "28",
            "participation": "full", "goal_progress": "2",
            "report_text": "Deltar enligt planen.", "follow_up_note": "Följd mot vårdplanen.",
            "decision": "continue"}, expect)


F, M, A, MY, J, JL = (date(2026, m, 1) for m in (2, 3, 4, 5, 6, 7))




def _start(login_as, line):
    agreement, provider, service, _item = line
    officer = Officer(login_as)
    officer.submit("/placements/ny", {
        "case_reference": REFERENCE, "support_category": "leaving_with_protection",
        "age_band": "21_25", "service_type_id": str(service.id),
        "provider_id": str(provider.id), "agreement_id": str(agreement.id),
        "start_date": "2026-02-01", "initial_period_end": "2026-06-30",
        "care_plan_on": "2026-02-01", "implementation_plan_received_on": "2026-02-01"})
    placement = db.session.scalar(select(Placement).where(Placement.case_reference == REFERENCE))
    assert placement.daily_rate_ore == 452_000
    return placement.id


def test_a_placement_from_start_to_an_end_as_planned(login_as, line):
    with _at(date(2026, 2, 1)):
        placement_id = _start(login_as, line)
        officer = Officer(login_as, placement_id)
        assert officer.grid() == {F: "pending"}
        assert officer.due() == [("report", date(2026, 3, 10), False, F),
                                 ("follow_up", date(2026, 5, 1), False, None),
                                 ("period_end", date(2026, 6, 30), False, None)]
        assert officer.mine() == ("report", date(2026, 3, 10), 0)

    with _at(date(2026, 3, 6)):
        officer = Officer(login_as, placement_id)
        officer.report(F, date(2026, 3, 6))
        assert officer.grid() == {M: "pending", F: "received"}
        assert officer.due()[0] == ("report", date(2026, 4, 10), False, M)

    with _at(date(2026, 4, 8)):
        officer = Officer(login_as, placement_id)
        officer.report(M, date(2026, 4, 8))
        assert officer.grid() == {A: "pending", M: "received", F: "received"}

    with _at(date(2026, 5, 12)):  # April's report is two days overdue, then arrives late
        officer = Officer(login_as, placement_id)
        assert officer.grid()[A] == "missing"
        assert officer.due()[:2] == [("follow_up", date(2026, 5, 1), True, None),
                                     ("report", date(2026, 5, 10), True, A)]
        assert officer.mine() == ("follow_up", date(2026, 5, 1), 2)
        officer.report(A, date(2026, 5, 12))
        officer.submit("/placements/{id}/uppfoljningar/ny", {
            "held_on": "2026-05-12", "participants": "Klienten, utföraren, handläggaren",
            "outcome": "Planen följs. Fortsatt placering."})
        assert officer.grid() == {MY: "pending", A: "late", M: "received", F: "received"}
        assert officer.due() == [("report", date(2026, 6, 10), False, MY),
                                 ("period_end", date(2026, 6, 30), False, None),
                                 ("follow_up", date(2026, 8, 12), False, None)]
        assert officer.mine() == ("report", date(2026, 6, 10), 0)

    with _at(date(2026, 6, 11)):  # May's report is missing; a deviation; an extension
        officer = Officer(login_as, placement_id)
        assert officer.grid()[MY] == "missing"
        assert officer.mine("state=&due=overdue")[2] == 1
        officer.submit("/placements/{id}/avvikelser/ny", {
            "occurred_on": "2026-06-09", "kind": "non_participation",
            "reported_by": "provider", "description": "Uteblev från två samtal."})
        assert ("deviation", date(2026, 6, 16), False, None) in officer.due()
        deviation_id = re.search(r"/placements/avvikelser/(\d+)", officer.page()).group(1)
        officer.submit(f"/placements/avvikelser/{deviation_id}", {
            "occurred_on": "2026-06-09", "kind": "non_participation",
            "reported_by": "provider", "description": "Uteblev från två samtal.",
            "meeting_on": "2026-06-11", "decision": "continue", "decided_on": "2026-06-11",
            "version": "1"})
        officer.submit("/placements/{id}/forlangning", {
            "decided_on": "2026-06-11", "new_end": "2026-07-31",
            "reason": "Behöver mer tid för utslussning."})
        due = officer.due()
        assert [item[0] for item in due] == ["report", "report", "period_end", "follow_up"]
        assert due[0] == ("report", date(2026, 6, 10), True, MY)
        assert due[1] == ("report", date(2026, 7, 10), False, J)
        assert due[2] == ("period_end", date(2026, 7, 31), False, None)

    with _at(date(2026, 7, 8)):
        officer = Officer(login_as, placement_id)
        officer.report(J, date(2026, 7, 8))
        assert officer.grid()[J] == "received"

    with _at(date(2026, 7, 31)):  # the end as planned
        officer = Officer(login_as, placement_id)
        officer.submit("/placements/{id}/avslut", {"end_date": "2026-07-31",
                                                    "end_reason": "completed_as_planned"})
        assert officer.due() == [("report", date(2026, 6, 10), True, MY),
                                 ("report", date(2026, 8, 10), False, JL)]

    with _at(date(2026, 8, 5)):  # July's report after the end; nothing later is taken
        officer = Officer(login_as, placement_id)
        officer.report(JL, date(2026, 8, 5))
        assert officer.grid() == {JL: "received", J: "received", MY: "missing", A: "late",
                                  M: "received", F: "received"}
        assert officer.due() == [("report", date(2026, 6, 10), True, MY)]
        officer.report(date(2026, 8, 1), date(2026, 8, 5), expect=422)
        assert officer.mine() is None  # the default list shows running placements only
        assert officer.mine("state=ended") == ("report", date(2026, 6, 10), 1)
        timeline = officer.client.get(f"/placements/{placement_id}/tidslinje").get_data(
            as_text=True)
        days = re.findall(r'<span class="timeline__day">([\d-]+)</span>', timeline)
        assert days == sorted(days) and days[0] == "2026-02-01" and days[-1] == "2026-08-05"
        assert "avslutad enligt plan" in timeline

    placement = db.session.get(Placement, placement_id)
    assert (placement.end_date, placement.end_reason) == (date(2026, 7, 31),
                                                          "completed_as_planned")
    assert placement.planned_end == date(2026, 7, 31)
