"""Report pages and their files: filters, suppression on page and in file, audit, access."""

import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from registry.core.audit import AuditEvent
from registry.core.exports import KR_FORMAT
from registry.extensions import db
from registry.reports.filters import UNKNOWN_PERIOD, WHOLE_PERIODS_ONLY
from tests.reports.factories import world

HOSTILE = '=HYPERLINK("http://x","y")'
NOTE = "Siffrorna är skyddade så att ingen enskild person kan pekas ut."


@pytest.fixture(autouse=True)
def _june_2025(clock):
    clock(date(2025, 6, 15))  # March 2025, the world's month, is a period that may be chosen


def _query(w, **extra):
    args = {"period": "2025-03", "insatstyp": w.service_type.id, **extra}
    return "&".join(f"{key}={value}" for key, value in args.items())


def _row_cells(html, name):
    """Return the numeric cells of the table row headed `name`."""
    row = re.search(rf'<th scope="row">{name}</th>(.*?)</tr>', html).group(1)
    return re.findall(r"<td[^>]*>([^<]*)</td>", row)


def _exports():
    return db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "export", AuditEvent.entity == "report"))


def test_the_coordinator_sees_every_count_rounded_to_a_multiple_of_k(login_as):
    w = world()
    html = login_as("coordinator").get(
        f"/statistik/placeringar-per-insatstyp?{_query(w)}").get_data(as_text=True)
    assert "<caption>Placeringar per kommun och insatstyp, mars 2025</caption>" in html
    for name in ("Solna", "Järfälla", "Totalt"):  # 2, 1 and 3 placements: none of them shown
        assert all(int(cell) % 5 == 0 for cell in _row_cells(html, name)), name
    assert NOTE in html and "multipel av 5" in html


def test_a_municipality_sees_its_own_figures_exact_and_the_others_rounded(login_as):
    w = world()
    html = login_as("purchaser", "solna").get(
        f"/statistik/placeringar-per-insatstyp?{_query(w)}").get_data(as_text=True)
    assert _row_cells(html, "Solna") == ["2", "2"]
    assert all(int(cell) % 5 == 0 for cell in _row_cells(html, "Järfälla"))
    total = int(_row_cells(html, "Totalt")[0])
    assert (total - 2) % 5 == 0  # own exact, the rest rounded as one set


def test_the_export_is_protected_like_the_page_says_so_and_is_audited(login_as):
    w = world()
    client = login_as("coordinator")
    before = _exports()
    response = client.get(f"/statistik/placeringar-per-insatstyp/export?format=csv&{_query(w)}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="placeringar-per-insatstyp-2025-03.csv"')
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Kommun", "Rapportinsats", "Totalt"]
    solna = next(row for row in rows if row[0] == "Solna")
    assert solna[1] in {"0", "5"}
    assert rows[-1][0].startswith(NOTE)
    assert _exports() == before + 1


def test_the_workbook_has_swedish_headers_kronor_and_text_formulas(login_as):
    world(p1_name=HOSTILE)
    response = login_as("finance", "solna").get(
        "/statistik/mina-placeringskostnader/export?format=xlsx&period=2025-03")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    headers = [cell.value for cell in sheet[1]]
    assert headers == ["Ärendereferens", "Insatstyp", "Utförare", "Startdatum", "Slutdatum",
                       "Vårddygn", "Kostnad"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "RAPP-A")
    cost = row[6]
    assert cost.data_type == "n" and cost.value == 31_000
    assert cost.number_format == KR_FORMAT
    assert row[2].data_type == "s" and row[2].value == "'" + HOSTILE
    assert row[3].is_date and row[3].number_format == "yyyy-mm-dd"


def test_an_own_report_is_audited_when_read(login_as):
    world()
    client = login_as("finance", "solna")
    views = select(func.count(AuditEvent.id)).where(AuditEvent.action == "view",
                                                     AuditEvent.entity == "report")
    before = db.session.scalar(views)
    html = client.get("/statistik/mina-placeringskostnader?period=2025-03"
                      ).get_data(as_text=True)
    assert "RAPP-A" in html and "RAPP-C" not in html  # Järfälla's placement stays out
    assert db.session.scalar(views) == before + 1


def test_an_own_report_is_refused_without_the_permission(login_as):
    assert login_as("coordinator").get(
        "/statistik/mina-placeringskostnader").status_code == 403
    assert login_as("coordinator").get("/statistik/finns-inte").status_code == 404


def test_bad_filters_are_named_next_to_their_field_with_422(login_as):
    client = login_as("coordinator")
    response = client.get("/statistik/dygnspris?period=2025-13&kommun=999999")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="period-error"' in html and UNKNOWN_PERIOD in html
    assert 'id="kommun-error"' in html
    assert client.get("/statistik/dygnspris?period=2025-07").status_code == 422  # not begun


def test_free_dates_are_refused_in_swedish_whole_periods_only(login_as):
    client = login_as("coordinator")
    for name in ("dygnspris", "placeringar-per-insatstyp", "mina-placeringskostnader"):
        response = client.get(f"/statistik/{name}?fran=2025-03-01&till=2025-03-31")
        assert response.status_code in (403, 422), name
    response = client.get("/statistik/dygnspris?fran=2025-03-01&till=2025-03-31")
    assert WHOLE_PERIODS_ONLY in response.get_data(as_text=True)
    assert client.get("/statistik/dygnspris/export?format=csv&till=2025-03-31"
                      ).status_code == 400


def test_a_row_from_one_other_municipality_shows_no_amounts(login_as):
    w = world()
    html = login_as("coordinator").get(
        f"/statistik/dygnspris?{_query(w)}").get_data(as_text=True)
    assert w.p1.legal_name in html or "Rapportinsats" not in html  # the row may round to 0
    assert "1 000 kr" not in html and "1\u00a0000\u00a0kr" not in html
    assert "2 000 kr" not in html and "2\u00a0000\u00a0kr" not in html
    assert NOTE in html


def test_a_viewer_sees_its_own_row_of_amounts(login_as):
    w = world()
    html = login_as("purchaser", "solna").get(
        f"/statistik/dygn-och-kostnad?{_query(w)}").get_data(as_text=True)
    assert _row_cells(html, "Solna")[:3] == ["2", "40", "40\u00a0000\u00a0kr"]
    jarfalla = re.search(r'<th scope="row">Järfälla</th>(.*?)</tr>', html)
    assert jarfalla is None or "visas inte" in jarfalla.group(1)


def test_every_report_page_and_file_answers(login_as):
    from registry.reports.catalogue import REPORTS

    client = login_as("finance", "solna")
    for name in REPORTS:
        page = client.get(f"/statistik/{name}")
        assert page.status_code == 200, name
        assert '<th scope="col"' in page.get_data(as_text=True), name
        for fmt in ("xlsx", "csv"):
            assert client.get(f"/statistik/{name}/export?format={fmt}").status_code == 200
    assert client.get("/statistik/dygnspris/export?format=pdf").status_code == 400
