"""The comparison matrix, the score-over-time chart, the provider page and the Excel export."""

import io
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import select

from registry.core.audit import AuditEvent
from registry.extensions import db
from tests import factories as core
from tests.quality import factories

PURCHASER = ("purchaser", "solna")


def _compared(template):
    first, second, unassessed = core.provider(), core.provider(), core.provider()
    factories.assessment(template, first, assessed_on=date(2025, 1, 1), values={"K2": 0})
    factories.assessment(template, first, assessed_on=date(2026, 1, 1))
    factories.assessment(template, second, values={"K1": False, "K4": "=HYPERLINK(\"x\")"})
    return first, second, unassessed


def test_the_matrix_shows_the_latest_answers_per_provider_and_warnings(login_as):
    template = factories.template()
    first, second, unassessed = _compared(template)
    service = core.service_type()
    for provider in (first, second, unassessed):
        provider.services.append(service)
    db.session.flush()
    html = login_as(PURCHASER).get(
        f"/quality/compare?template={template.id}&service={service.id}").get_data(as_text=True)
    assert first.legal_name in html and second.legal_name in html
    assert unassessed.legal_name in html and "Varning: ingen genomförd bedömning" in html
    assert "Varning: underkänd" in html and "✗ ej uppfylld" in html
    assert "<svg" in html and "<polyline" in html  # the first provider has two points
    assert "Cirkel: godkänd. Kryss: underkänd" in html
    assert "<circle" in html and 'chart__point--failed' in html


def test_an_unassessed_provider_is_left_out_without_a_service_filter(login_as):
    template = factories.template()
    _first, _second, unassessed = _compared(template)
    html = login_as(PURCHASER).get(f"/quality/compare?template={template.id}").get_data(
        as_text=True)
    assert unassessed.legal_name not in html


def test_the_export_is_formula_safe_and_audited(login_as):
    template = factories.template()
    first, second, _ = _compared(template)
    second.legal_name = "=SUM(1;2) AB"
    db.session.flush()
    response = login_as(PURCHASER).get(f"/quality/compare.xlsx?template={template.id}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    workbook = load_workbook(io.BytesIO(response.data))
    sheet = workbook["Jämförelse"]
    rows = list(sheet.iter_rows(values_only=True))
    assert set(rows[0][6:]) == {first.legal_name, "'=SUM(1;2) AB"}
    good, bad = rows[0].index(first.legal_name), rows[0].index("'=SUM(1;2) AB")
    line = {row[0]: row for row in rows}
    assert line["K4"][bad] == "'=HYPERLINK(\"x\")"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert (line["K1"][good], line["K1"][bad]) == ("Ja", "Nej (kritisk, ej uppfylld)")
    assert (line["Poäng (0–100)"][good], line["Poäng (0–100)"][bad]) == (100.0, 50.0)
    history = list(workbook["Poäng över tid"].iter_rows(values_only=True))
    assert history[0][:2] == ("Utförare", "Bedömd") and len(history) == 4
    assert ("'=SUM(1;2) AB", 50.0, "Nej") in {(r[0], r[4], r[5]) for r in history}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export",
                                                       AuditEvent.entity == "assessments"))
    assert event and event.changes["template_id"]["after"] == template.id


def test_the_provider_page_has_the_chart_its_numbers_and_outcomes(login_as):
    template = factories.template()
    first, _second, _ = _compared(template)
    html = login_as("case_officer", "solna").get(
        f"/quality/providers/{first.id}").get_data(as_text=True)
    assert 'role="img"' in html and "<title" in html and "2 bedömningar" in html
    assert "2025-01-01" in html and "2026-01-01" in html
    assert "Inga placeringar att visa" in html
