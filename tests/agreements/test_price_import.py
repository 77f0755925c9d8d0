"""Price import from .xlsx and CSV: every row checked, every error named, all or nothing."""

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from registry.agreements.models import PriceListItem
from registry.agreements.price_import import cell_to_ore, import_prices
from registry.core.money import MoneyError
from registry.extensions import db
from tests import factories
from tests.agreements.factories import party_agreement
from tests.conftest import csrf_token

PARTY = ("purchaser", "solna")
HEADER = ["Organisationsnummer", "Insats", "Tillägg", "Gäller från", "Gäller till", "Pris (kr)"]


@pytest.fixture
def setup():
    provider = factories.provider()
    service = factories.service_type(code="importinsats", name="Importinsats")
    agreement = party_agreement(providers=[provider])
    return agreement, provider, service


def xlsx(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_file(rows, header=HEADER, encoding="utf-8-sig"):
    lines = [";".join(header)] + [";".join("" if c is None else str(c) for c in row)
                                  for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def count(agreement):
    return db.session.scalar(select(func.count(PriceListItem.id)).where(
        PriceListItem.agreement_id == agreement.id))


def test_a_good_xlsx_is_imported_with_numbers_and_dates(setup):
    agreement, provider, _ = setup
    content = xlsx([[provider.org_number, "importinsats", None, date(2026, 1, 1), None, 4850],
                    [provider.org_number, "Importinsats", "Tolk", date(2026, 1, 1),
                     date(2026, 12, 31), 950.5]])
    result = import_prices(agreement, content, None)
    assert result.ok and count(agreement) == 2
    assert sorted(i.price_ore for i in result.items) == [95_050, 485_000]


def test_a_good_csv_in_windows_1252_is_imported(setup):
    agreement, provider, _ = setup
    content = csv_file([[provider.org_number, "importinsats", "Förstärkt bemanning",
                         "2026-01-01", "", "1 200,00"]], encoding="cp1252")
    result = import_prices(agreement, content, None)
    assert result.ok and result.items[0].addon == "Förstärkt bemanning"


def test_one_bad_row_saves_nothing_and_names_the_row_and_column(setup):
    agreement, provider, _ = setup
    good = [provider.org_number, "importinsats", None, date(2026, 1, 1), None, 4850]
    bad = [provider.org_number, "importinsats", "Tolk", "första januari", None, 950]
    result = import_prices(agreement, xlsx([good, good[:2] + ["Natt"] + good[3:], bad]), None)
    assert not result.ok and count(agreement) == 0
    assert [(e.row, e.column) for e in result.errors] == [(4, "Gäller från")]
    assert "ÅÅÅÅ-MM-DD" in result.errors[0].message


def test_every_error_is_listed_not_just_the_first(setup):
    agreement, provider, _ = setup
    valid = provider.org_number
    wrong_digit = valid[:-1] + str((int(valid[-1]) + 1) % 10)
    rows = [[wrong_digit, "importinsats", None, "2026-01-01", None, "4 850"],
            [valid, "okänd", None, "2026-01-01", "2025-01-01", "-5"],
            [factories.provider().org_number, "importinsats", None, "2026-01-01", None, "1,234"]]
    result = import_prices(agreement, csv_file(rows), None)
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(2, "Organisationsnummer"), (3, "Insats"), (3, "Gäller till"),
                     (3, "Pris (kr)"), (4, "Organisationsnummer"), (4, "Pris (kr)")}
    messages = " ".join(e.message for e in result.errors)
    assert "fel kontrollsiffra" in messages and "finns inte på avtalet" in messages
    assert count(agreement) == 0


def test_overlaps_inside_the_file_and_with_saved_prices_are_refused(setup):
    agreement, provider, service = setup
    factories.price_item(agreement_=agreement, provider_=provider, service_type_=service,
                         valid_from=date(2025, 1, 1), valid_to=date(2025, 12, 31))
    rows = [[provider.org_number, "importinsats", None, "2025-06-01", "2025-12-31", "4 000"],
            [provider.org_number, "importinsats", None, "2026-01-01", None, "4 100"],
            [provider.org_number, "importinsats", None, "2026-06-01", None, "4 200"]]
    result = import_prices(agreement, csv_file(rows), None)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Gäller från"), (4, "Gäller från")]
    assert "rad 3" in result.errors[1].message
    assert count(agreement) == 1


def test_a_missing_column_and_an_unreadable_file_are_refused(setup):
    agreement, provider, _ = setup
    result = import_prices(agreement, csv_file([[provider.org_number, "x"]],
                                               header=["Organisationsnummer", "Insats"]), None)
    assert {e.column for e in result.errors} == {"Gäller från", "Pris (kr)"}
    result = import_prices(agreement, b"PK\x03\x04 not really a zip", None)
    assert "Excel" in result.errors[0].message
    result = import_prices(agreement, b"\xd0\xcf\x11\xe0 old excel", None)
    assert ".xls" in result.errors[0].message


@pytest.mark.parametrize(("cell", "ore"), [(4850, 485_000), (4850.5, 485_050), ("4 850", 485_000),
                                           ("4\u00a0850,50 kr", 485_050)])
def test_cells_become_exact_ore(cell, ore):
    assert cell_to_ore(cell) == ore


@pytest.mark.parametrize("cell", [4850.555, "4.850,50", None, True, "fyra tusen"])
def test_inexact_or_odd_cells_are_refused(cell):
    with pytest.raises(MoneyError):
        cell_to_ore(cell)


def test_the_import_page_lists_the_errors_and_returns_422(login_as, setup):
    agreement, provider, _ = setup
    db.session.commit()
    client = login_as(PARTY)
    path = f"/agreements/{agreement.id}/prices/import"
    content = xlsx([[provider.org_number, "importinsats", None, "2026-01-01", None, 0]])
    response = client.post(path, data={"csrf_token": csrf_token(client, path),
                                       "file": (io.BytesIO(content), "priser.xlsx")},
                           content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ingenting sparades" in html and "Pris (kr)" in html
    assert "Priset måste vara större än noll." in html


def test_the_import_page_saves_a_good_file(login_as, setup):
    agreement, provider, _ = setup
    db.session.commit()
    client = login_as(PARTY)
    path = f"/agreements/{agreement.id}/prices/import"
    content = csv_file([[provider.org_number, "importinsats", "", "2026-01-01", "", "4 850"]])
    response = client.post(path, data={"csrf_token": csrf_token(client, path),
                                       "file": (io.BytesIO(content), "priser.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert count(agreement) == 1


def test_the_export_can_be_imported_again_and_is_formula_safe(login_as, setup):
    agreement, provider, service = setup
    factories.price_item(agreement_=agreement, provider_=provider, service_type_=service,
                         valid_from=date(2026, 1, 1), valid_to=date(2026, 6, 30),
                         addon="=HYPERLINK(\"http://x\",\"y\")", price_ore=123_456)
    db.session.commit()
    response = login_as(PARTY).get(f"/agreements/{agreement.id}/prices.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][4].startswith("'=") and rows[1][7] == pytest.approx(1234.56)
    other = party_agreement(providers=[provider])
    reimported = import_prices(other, response.data, None)
    assert reimported.ok and reimported.items[0].price_ore == 123_456
