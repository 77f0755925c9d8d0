"""Excel exports of costs, invoices and claims: formula-safe, own municipality, audited."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from registry.core.audit import AuditEvent
from registry.core.dates import today
from registry.extensions import db
from tests.finance import factories as money

FINANCE = ("finance", "solna")
HOSTILE = '=HYPERLINK("http://x","y")\x0b'


def _sheet(response):
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    return load_workbook(io.BytesIO(response.get_data())).active


def _exports(entity):
    return db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "export", AuditEvent.entity == entity))


@pytest.mark.checklist("D5")
def test_invoice_export_is_formula_safe_scoped_and_audited(login_as):
    own = money.placement(days_ago=40)
    foreign = money.placement("jarfalla", days_ago=40)
    money.invoice(own, own.start_date, own.start_date, 1, 450_050, number="+SUM(A1)",
                  note=HOSTILE)
    money.invoice(foreign, foreign.start_date, foreign.start_date, 1, 1, number="UTLAND-1")
    db.session.commit()
    before = _exports("invoices")
    sheet = _sheet(login_as(FINANCE).get("/finance/export/invoices.xlsx"))
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert "UTLAND-1" not in rows
    row = rows["'+SUM(A1)"]
    assert row[0].data_type == "s"
    assert row[9].value == "'=HYPERLINK(\"http://x\",\"y\")" and row[9].data_type == "s"
    assert row[6].value == 4500.5 and row[6].number_format == '#,##0.00 "kr"'
    assert row[3].value.date() == own.start_date
    assert _exports("invoices") == before + 1


def test_cost_export_has_a_row_per_placement_and_month(login_as):
    placement = money.placement(start_date=date(2031, 1, 30), days_ago=0)
    placement.planned_end = date(2031, 3, 2)
    db.session.commit()
    sheet = _sheet(login_as(FINANCE).get("/finance/export/costs.xlsx?year=2031"))
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)
            if row[0].value == placement.case_reference]
    assert [(r[4], r[6]) for r in rows] == [(0, 2), (0, 28), (0, 1)]  # all forecast, 31 dygn
    assert sum(r[7] for r in rows) == 31 * 4500
    assert _exports("placements") >= 1


def test_claim_export_lists_the_own_claims(login_as):
    placement = money.placement(days_ago=40)
    money.claim(placement, placement.start_date, placement.start_date, 450_000,
                status="submitted", submitted_on=today())
    db.session.commit()
    sheet = _sheet(login_as(FINANCE).get("/finance/export/claims.xlsx"))
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)
            if row[0].value == placement.case_reference]
    assert rows and rows[0][3] == "Inskickad" and rows[0][4] == 4500
