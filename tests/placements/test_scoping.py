"""A Järfälla case officer sees none of Solna's placements: no list, search, export or page."""

import csv
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from registry.core.audit import AuditEvent
from registry.core.dates import today
from registry.extensions import db
from registry.placements.models import Placement
from tests import factories
from tests.conftest import post
from tests.placements import factories as pf

JARFALLA = ("case_officer", "jarfalla")
SOLNA = ("case_officer", "solna")
MISSING_ID = 987654321


@pytest.fixture
def solna_case():
    """A running Solna placement with a report, a follow-up and a deviation."""
    start = today() - timedelta(days=100)
    placement = factories.placement(municipality_=pf.municipality("solna"), start_date=start,
                                    case_reference="SLN-SCOPE-0001",
                                    case_officer_id=factories.staff(*SOLNA).id)
    report = factories.monthly_report(placement, month=start.replace(day=1),
                                      received_on=start + timedelta(days=40))
    follow_up = pf.follow_up(placement, held_on=start + timedelta(days=30))
    deviation = pf.deviation(placement, occurred_on=start + timedelta(days=20))
    db.session.commit()
    return placement, report, follow_up, deviation


def _solna_references():
    query = select(Placement.case_reference).where(
        Placement.municipality_id == pf.municipality("solna").id)
    return set(db.session.scalars(query))


@pytest.mark.parametrize("path", ["/placements/?state=", "/placements/?state=&q=SLN",
                                  "/placements/?state=&q=SCOPE", "/placements/mina?state=",
                                  "/placements/?state=&due=overdue&sort=reference"])
def test_no_list_or_search_shows_a_solna_placement(login_as, solna_case, path):
    html = login_as(JARFALLA).get(path).get_data(as_text=True)
    assert not [ref for ref in _solna_references() if ref in html]


def test_the_solna_officer_does_find_it(login_as, solna_case):
    html = login_as(SOLNA).get("/placements/?state=&q=SCOPE").get_data(as_text=True)
    assert "SLN-SCOPE-0001" in html


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_no_export_holds_a_solna_placement(login_as, solna_case, fmt):
    response = login_as(JARFALLA).get(f"/placements/export?state=&format={fmt}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    cells = _cells(response.data, fmt)
    assert len(cells) > 1  # Järfälla's own placements are there
    assert not _solna_references() & cells


def _cells(content, fmt):
    if fmt == "csv":
        rows = csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")
        return {cell for row in rows for cell in row}
    sheet = load_workbook(io.BytesIO(content)).active
    return {str(cell.value) for row in sheet.iter_rows() for cell in row}


def test_an_export_is_audited_as_an_export(login_as, solna_case):
    before = db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "export", AuditEvent.entity == "placements"))
    login_as(SOLNA).get("/placements/export?format=csv")
    after = db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "export", AuditEvent.entity == "placements"))
    assert after == before + 1


def _pages(placement, report, follow_up, deviation):
    return [f"/placements/{placement.id}", f"/placements/{placement.id}/tidslinje",
            f"/placements/{placement.id}/andra", f"/placements/{placement.id}/dygnspris",
            f"/placements/{placement.id}/forlangning", f"/placements/{placement.id}/avslut",
            f"/placements/{placement.id}/rapporter/ny",
            f"/placements/{placement.id}/uppfoljningar/ny",
            f"/placements/{placement.id}/avvikelser/ny",
            f"/placements/rapporter/{report.id}", f"/placements/uppfoljningar/{follow_up.id}",
            f"/placements/avvikelser/{deviation.id}"]


def test_every_page_of_a_solna_placement_is_the_same_404_as_a_missing_one(login_as,
                                                                            solna_case):
    own = login_as(SOLNA)
    foreign = login_as(JARFALLA)
    missing = _pages(*[_Missing()] * 4)
    for path, missing_path in zip(_pages(*solna_case), missing, strict=True):
        assert own.get(path).status_code == 200, path
        refused = foreign.get(path)
        absent = foreign.get(missing_path)
        assert refused.status_code == absent.status_code == 404, path
        assert refused.get_data() == absent.get_data(), path
        assert "SLN-SCOPE-0001" not in refused.get_data(as_text=True)


class _Missing:
    """Stands in for a row whose id does not exist."""

    id = MISSING_ID


def test_posting_to_a_solna_placement_changes_nothing(login_as, solna_case):
    placement = solna_case[0]
    response = post(login_as(JARFALLA), f"/placements/{placement.id}/avslut",
                    {"end_date": today().isoformat(), "end_reason": "other"},
                    token_from="/placements/ny")
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Placement, placement.id).end_date is None
