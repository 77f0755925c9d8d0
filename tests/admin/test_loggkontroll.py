"""Loggkontroll, seen by the administrator reviewing a case officer's edits: Swedish names,
the case reference, before → after values with free text masked, Swedish time, and a
placement filter that brings the placement's reports, deviations and claims with it."""

import csv
import io
import re
from datetime import date, datetime
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from registry.core import audit
from registry.core.dates import STOCKHOLM
from registry.extensions import db
from registry.placements.choices import POLICE_CRITERIA
from tests import factories
from tests.api.factories import bearer

pytestmark = pytest.mark.checklist("A14")

ADMIN = ("admin",)
OFFICER = ("case_officer", "solna")
FINANCE = ("finance", "solna")
# Noon in Stockholm on a winter day is 11:00 UTC: the page must say 12:00.
DAY = date(2026, 3, 10)
LOCAL_NOON = "2026-03-10 12:00"
REPORT_TEXT = "Klienten har deltagit i alla samtal och börjat arbetsträna."


class _AuditTable(HTMLParser):
    """Collect each audit row's cells by class (audit-time, audit-changes, …) as text."""

    def __init__(self):
        super().__init__()
        self.rows, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "data-event" in attrs:
            self.rows.append({})
        elif tag == "td" and self.rows and (attrs.get("class") or "").startswith("audit-"):
            self._cell = attrs["class"]
            self.rows[-1][self._cell] = ""

    def handle_endtag(self, tag):
        if tag == "td":
            self._cell = None

    def handle_data(self, data):
        if self._cell:
            self.rows[-1][self._cell] += data

    @classmethod
    def parse(cls, html):
        parser = cls()
        parser.feed(html)
        return [{k: re.sub(r"[ \t\r\n]+", " ", v).strip() for k, v in row.items()}
                for row in parser.rows]


def _visible(html):
    """Return the page's text without tags (option values and URLs are not shown)."""
    return re.sub(r"<[^>]*>", " ", html)


@pytest.fixture
def edited(client, clock):
    """A Solna case officer edits a placement, its report and deviation; finance a claim."""
    clock(DAY)
    criteria = {name: date(2026, 1, 15) for name in POLICE_CRITERIA}  # claims need them
    placement = factories.placement_with_reports("solna", months=[date(2026, 1, 1)],
                                                 start_date=date(2026, 1, 15), **criteria)
    report = db.session.scalars(db.select(factories.MonthlyReport).where(
        factories.MonthlyReport.placement_id == placement.id)).one()
    deviation = factories.deviation(placement, kind="non_participation", reported_by="provider")
    claim = factories.claim(placement, date(2026, 1, 15), date(2026, 1, 31), status="draft",
                            amount_ore=1_000_000)
    other = factories.placement_with_reports("solna", months=[date(2026, 1, 1)],
                                             start_date=date(2026, 1, 15))
    db.session.commit()
    officer = bearer(OFFICER)
    base = f"/api/v1/placements/{placement.id}"
    assert client.patch(base, headers=officer, json={
        "version": placement.version, "initial_period_end": "2026-08-15",
        "support_category": "leaving_at_home",
        "case_officer_id": factories.staff(*OFFICER).id}).status_code == 200
    assert client.patch(f"{base}/reports/{report.id}", headers=officer, json={
        "version": report.version, "report_text": REPORT_TEXT,
        "days_in_care": 16}).status_code == 200
    assert client.patch(f"{base}/deviations/{deviation.id}", headers=officer, json={
        "version": deviation.version, "meeting_on": "2026-03-02"}).status_code == 200
    answer = client.patch(f"/api/v1/claims/{claim.id}", headers=bearer(FINANCE), json={
        "version": claim.version, "amount_ore": 1_200_000})
    assert answer.status_code == 200, answer.json
    assert client.get(f"/api/v1/placements/{other.id}", headers=officer).status_code == 200
    return placement, other


def _page(login_as, query):
    response = login_as(ADMIN).get(f"/admin/logg?{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return html, _AuditTable.parse(html)


def _change_rows(rows, entity):
    return [row for row in rows if row["audit-entity"].startswith(entity)
            and row["audit-action"] == "Ändring"]


def test_the_page_shows_a_placement_edit_in_swedish_with_values(edited, login_as):
    placement, _other = edited
    html, rows = _page(login_as, f"entity=placements&entity_id={placement.id}")
    [edit] = _change_rows(rows, "Placering")
    assert edit["audit-case"] == placement.case_reference
    assert "Första periodens slut: 2026-07-15 → 2026-08-15" in edit["audit-changes"]
    assert ("Stödkategori: Avhopparstöd (polisens kriterier uppfyllda) → Lämna kriminell "
            "livsstil, på hemmaplan") in edit["audit-changes"]
    assert edit["audit-time"].startswith(LOCAL_NOON)
    officer = factories.staff(*OFFICER)
    assert f"Ansvarig socialsekreterare: – → {officer.display_name}" in edit["audit-changes"]
    assert edit["audit-user"].startswith(officer.display_name)
    assert "Socialsekreterare, Solna" in edit["audit-user"]
    shown = _visible(html)
    assert "initial_period_end" not in shown and "support_category" not in shown
    assert "placements" not in shown and "user #" not in shown and "Tid (svensk tid)" in shown


def test_free_text_is_shown_only_as_changed(edited, login_as):
    placement, _other = edited
    html, rows = _page(login_as, f"entity=placements&entity_id={placement.id}")
    [report] = _change_rows(rows, "Månadsrapport")
    assert "Rapporttext: ändrad" in report["audit-changes"]
    assert "Vårddygn: 17 → 16" in report["audit-changes"]
    assert report["audit-case"] == placement.case_reference
    assert REPORT_TEXT not in html and "arbetsträna" not in html
    assert "monthly_reports" not in _visible(html) and "report_text" not in html


def test_the_placement_filter_brings_its_reports_deviations_and_claims(edited, login_as):
    placement, other = edited
    _html, rows = _page(login_as, f"entity=placements&entity_id={placement.id}")
    entities = {row["audit-entity"].split(" nr ")[0] for row in rows}
    assert {"Placering", "Månadsrapport", "Avvikelse",
            "Återsökning (ersättningsansökan)"} <= entities
    assert {row["audit-case"] for row in rows} == {placement.case_reference}
    [deviation] = _change_rows(rows, "Avvikelse")
    assert "Mötesdatum: – → 2026-03-02" in deviation["audit-changes"]
    [claim] = _change_rows(rows, "Återsökning")
    assert "Belopp: 10\u00a0000\u00a0kr → 12\u00a0000\u00a0kr" in claim["audit-changes"]
    _html, by_reference = _page(login_as, f"case_reference={other.case_reference}")
    assert by_reference and {row["audit-case"] for row in by_reference} == {
        other.case_reference}


def _export(login_as, placement, fmt):
    response = login_as(ADMIN).get(
        f"/admin/logg/export?format={fmt}&entity=placements&entity_id={placement.id}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith('attachment; filename="logg-')
    return response.get_data()


def _line(lines, field):
    return next(line for line in lines if line["Fält"] == field)


def test_the_xlsx_export_has_the_same_swedish_values(edited, login_as):
    placement, _other = edited
    book = load_workbook(io.BytesIO(_export(login_as, placement, "xlsx")))
    assert book.sheetnames == ["Loggkontroll"]
    header, *values = list(book.active.iter_rows(values_only=True))
    lines = [dict(zip(header, row, strict=True)) for row in values]
    dates = _line(lines, "Första periodens slut")
    assert (dates["Post"], dates["Ärendereferens"]) == ("Placering", placement.case_reference)
    assert (dates["Före"], dates["Efter"]) == ("2026-07-15", "2026-08-15")
    assert dates["Tid (svensk tid)"].strftime("%Y-%m-%d %H:%M") == LOCAL_NOON
    assert dates["Roll och kommun"] == "Socialsekreterare, Solna"
    text = _line(lines, "Rapporttext")
    assert (text["Post"], text["Efter"]) == ("Månadsrapport", "ändrad")
    assert not any(REPORT_TEXT in str(cell) for row in values for cell in row)
    assert {line["Ärendereferens"] for line in lines} == {placement.case_reference}
    assert "Avvikelse" in {line["Post"] for line in lines}


def test_the_csv_export_has_the_same_swedish_values(edited, login_as):
    placement, _other = edited
    text = _export(login_as, placement, "csv").decode("utf-8-sig")
    lines = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    claim = _line(lines, "Belopp")
    assert (claim["Post"], claim["Före"], claim["Efter"]) == (
        "Återsökning (ersättningsansökan)", "10\u00a0000\u00a0kr", "12\u00a0000\u00a0kr")
    category = _line(lines, "Stödkategori")
    assert category["Efter"] == "Lämna kriminell livsstil, på hemmaplan"
    assert category["Tid (svensk tid)"].startswith(LOCAL_NOON)
    assert _line(lines, "Rapporttext")["Efter"] == "ändrad"
    assert REPORT_TEXT not in text and "finance_placements" not in text


def test_the_date_filter_counts_swedish_calendar_days(login_as, time_machine):
    """23:30 on 10 March in Stockholm is still 10 March; 00:30 on 11 March is not."""
    officer = factories.staff(*OFFICER)
    for moment in ("2026-03-10 23:30", "2026-03-11 00:30"):
        time_machine.move_to(datetime.fromisoformat(moment).replace(tzinfo=STOCKHOLM),
                             tick=False)
        audit.record("view", entity="placements", entity_id=987_650, user_id=officer.id)
        db.session.flush()  # the time is taken when the row is written
    db.session.commit()
    _html, rows = _page(login_as, "entity_id=987650&date_from=2026-03-10&date_to=2026-03-10")
    assert [row["audit-time"] for row in rows] == ["2026-03-10 23:30:00"]
