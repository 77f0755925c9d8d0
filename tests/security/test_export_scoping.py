"""Exports of one municipality carry none of another's case references (A3).

Every export endpoint that carries case data is downloaded by a Järfälla user with the widest
filters, the file is parsed (xlsx with openpyxl, csv with the csv module) and every cell is
compared with the case references of all eight municipalities: the own ones appear (so the
test cannot pass on an empty file) and no foreign one does.
"""

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.placements.models import Placement
from tests.security.support import OWN

pytestmark = pytest.mark.checklist("A3")

CASE_EXPORTS = [
    ("case_officer", "/placements/export?format=xlsx&state="),
    ("case_officer", "/placements/export?format=csv&state="),
    ("finance", "/finance/export/costs.xlsx"),
    ("finance", "/finance/export/invoices.xlsx"),
    ("finance", "/finance/export/claims.xlsx"),
    ("finance", "/statistik/mina-placeringskostnader/export?format=xlsx"),  # this year
    ("finance", "/statistik/mina-placeringskostnader/export?format=csv"),
]


def _references():
    """Return {case reference: municipality slug} of every placement."""
    rows = db.session.execute(select(Placement.case_reference, Municipality.slug)
                              .join(Municipality, Placement.municipality_id == Municipality.id))
    return dict(rows.all())


def _cells(response):
    content = response.get_data()
    if "csv" in response.mimetype:
        reader = csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")
        return {cell for row in reader for cell in row}
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return {str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True)
            for cell in row if cell is not None}


@pytest.mark.parametrize(("role", "path"), CASE_EXPORTS)
def test_an_export_holds_own_case_references_only(login_as, role, path):
    client = login_as((role, OWN))
    response = client.get(path)
    assert response.status_code == 200, path
    references = _references()
    found = {ref for cell in _cells(response) for ref in references if ref in cell}
    assert found, f"{path} holds no case reference at all"
    assert {references[ref] for ref in found} == {OWN}, path


def test_the_own_report_ignores_a_foreign_municipality_filter(login_as):
    foreign = db.session.scalar(select(Municipality.id).where(Municipality.slug != OWN))
    response = login_as("finance", OWN).get(
        f"/statistik/mina-placeringskostnader/export?format=csv&kommun={foreign}")
    references = _references()
    found = {ref for cell in _cells(response) for ref in references if ref in cell}
    assert {references[ref] for ref in found} <= {OWN}


@pytest.mark.parametrize("path", ["/placements/export?format=csv&state=&q={ref}",
                                  "/placements/export?format=xlsx&state=&q={ref}"])
def test_searching_for_a_foreign_reference_exports_nothing(login_as, path):
    """Naming another municipality's case in the filter gives a file without rows."""
    foreign = next(ref for ref, slug in _references().items() if slug != OWN)
    response = login_as("case_officer", OWN).get(path.format(ref=foreign))
    assert response.status_code == 200
    assert not any(foreign in cell for cell in _cells(response))
