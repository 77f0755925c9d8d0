"""Report pages and their files: filters, suppression on page and in file, audit, access."""

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from registry.core.audit import AuditEvent
from registry.core.exports import KR_FORMAT
from registry.extensions import db
from tests.reports.factories import world

HOSTILE = '=HYPERLINK("http://x","y")'


def _query(w, **extra):
    args = {"fran": "2025-03-01", "till": "2025-03-31", "insatstyp": w.service_type.id, **extra}
    return "&".join(f"{key}={value}" for key, value in args.items())


def _exports():
    return db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "export", AuditEvent.entity == "report"))


def test_the_coordinator_sees_small_counts_suppressed(login_as):
    w = world()
    html = login_as("coordinator").get(
        f"/statistik/placeringar-per-insatstyp?{_query(w)}").get_data(as_text=True)
    assert "<caption>Placeringar per kommun och insatstyp, 2025-03-01–2025-03-31</caption>" in html
    assert '<th scope="row">Solna</th><td class="num"><span aria-hidden="true">&lt;5</span>' in html
    assert '<span class="visually-hidden">färre än 5</span>' in html
    assert ">2<" not in html


def test_a_municipality_sees_its_own_figures(login_as):
    w = world()
    html = login_as("purchaser", "solna").get(
        f"/statistik/placeringar-per-insatstyp?{_query(w)}").get_data(as_text=True)
    assert '<th scope="row">Solna</th><td class="num">2</td>' in html
    assert '<th scope="row">Järfälla</th><td class="num"><span aria-hidden="true">' in html


def test_the_export_is_suppressed_like_the_page_and_audited(login_as):
    w = world()
    client = login_as("coordinator")
    before = _exports()
    response = client.get(f"/statistik/placeringar-per-insatstyp/export?format=csv&{_query(w)}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="placeringar-per-insatstyp-2025-03-01-2025-03-31.csv"')
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Kommun", "Rapportinsats", "Totalt"]
    solna = next(row for row in rows if row[0] == "Solna")
    assert solna[1] == "<5"
    assert _exports() == before + 1


def test_the_workbook_has_swedish_headers_kronor_and_text_formulas(login_as):
    world(p1_name=HOSTILE)
    response = login_as("finance", "solna").get(
        "/statistik/mina-placeringskostnader/export?format=xlsx&fran=2025-03-01&till=2025-03-31")
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
    html = client.get("/statistik/mina-placeringskostnader?fran=2025-03-01&till=2025-03-31"
                      ).get_data(as_text=True)
    assert "RAPP-A" in html and "RAPP-C" not in html  # Järfälla's placement stays out
    assert db.session.scalar(views) == before + 1


def test_an_own_report_is_refused_without_the_permission(login_as):
    assert login_as("coordinator").get(
        "/statistik/mina-placeringskostnader").status_code == 403
    assert login_as("coordinator").get("/statistik/finns-inte").status_code == 404


def test_bad_filters_are_named_next_to_their_field_with_422(login_as):
    client = login_as("coordinator")
    response = client.get("/statistik/dygnspris?fran=2025-13-01&till=2025-01-01&kommun=999999")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="fran-error"' in html and "Ange datum som ÅÅÅÅ-MM-DD." in html
    assert 'id="kommun-error"' in html and 'value="2025-13-01"' in html
    response = client.get("/statistik/dygnspris?fran=2025-03-01&till=2025-01-01")
    assert "Periodens slut kan inte vara före dess början." in response.get_data(as_text=True)


def test_rows_under_k_placements_show_no_figures(login_as):
    w = world()
    html = login_as("coordinator").get(
        f"/statistik/dygnspris?{_query(w)}").get_data(as_text=True)
    assert w.p1.legal_name in html
    assert "1 000 kr" not in html and "1\u00a0000\u00a0kr" not in html
    assert "Antal från 1 till 4 visas som" in html


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
