"""Ledger invoice import: all rows or none, every error by row and column, each reconciled."""

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from registry.core.audit import AuditEvent
from registry.extensions import db
from registry.finance.invoice_import import period_of
from registry.finance.models import Invoice
from tests.conftest import csrf_token
from tests.finance import factories as money

FINANCE = ("finance", "solna")
PATH = "/finance/invoices/import"
HEADER = ["Leverantörens organisationsnummer", "Fakturanummer", "Period", "Dygn eller timmar",
          "Belopp (kr)", "Ärendereferens"]


@pytest.fixture
def placement(clock):
    clock(date(2026, 12, 7))
    found = money.placement(start_date=date(2026, 8, 15), case_reference="SOL-IMP-1")
    db.session.commit()
    return found


def xlsx(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    for row in [header, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_file(rows, encoding, header=HEADER):
    lines = [";".join(header)] + [";".join(str(cell) for cell in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def upload(client, content, name):
    return client.post(PATH, data={"csrf_token": csrf_token(client, PATH),
                                   "file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def invoices(placement):
    query = select(Invoice).where(Invoice.placement_id == placement.id).order_by(
        Invoice.invoice_number).execution_options(populate_existing=True)
    return list(db.session.scalars(query))


def rows_for(placement, amount_november="135 000,00"):
    org = placement.provider.org_number
    return [[org, "L-1", "2026-09", 30, "135 000,00", "SOL-IMP-1"],
            [org, "L-2", "2026-11", 30, amount_november, "SOL-IMP-1"]]


def test_the_invoice_list_links_to_the_import(login_as, placement):
    page = login_as(FINANCE).get("/finance/invoices").get_data(as_text=True)
    assert f'href="{PATH}"' in page


def test_one_bad_row_saves_nothing_and_names_its_row_and_column(login_as, placement):
    good = rows_for(placement)
    bad = [placement.provider.org_number, "L-3", "2026-13", 30, "4 300,00", "SOL-IMP-1"]
    response = upload(login_as(FINANCE), xlsx([*good, bad]), "reskontra.xlsx")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ingenting sparades. Filen har 1 fel" in html
    assert '<td class="num">4</td><td>Period</td><td>Ange perioden som ÅÅÅÅ-MM' in html
    assert invoices(placement) == []


def test_every_bad_row_is_listed_and_a_foreign_case_reference_is_unknown(login_as, placement):
    foreign = money.placement("sundbyberg", start_date=date(2026, 8, 1),
                              case_reference="SUN-IMP-1")
    db.session.commit()
    org = placement.provider.org_number
    rows = [*rows_for(placement),
            [org, "L-4", "2026-10", 31, "fyra tusen", "SOL-IMP-1"],
            [foreign.provider.org_number, "L-5", "2026-10", 31, "139 500,00", "SUN-IMP-1"],
            [org, "L-6", "2026-10", 31, "139 500,00", "FINNS-INTE"]]
    html = upload(login_as(FINANCE), xlsx(rows), "reskontra.xlsx").get_data(as_text=True)
    assert "Filen har 3 fel" in html
    assert '<td class="num">4</td><td>Belopp (kr)</td>' in html
    assert html.count("<td>Ärendereferens</td><td>Okänd ärendereferens.</td>") == 2
    assert invoices(placement) == [] and invoices(foreign) == []


def test_a_good_xlsx_registers_and_reconciles_every_invoice_and_is_audited(login_as,
                                                                           placement):
    rows = rows_for(placement, amount_november="136 000,00")
    response = upload(login_as(FINANCE), xlsx(rows), "reskontra.xlsx")
    assert response.status_code == 302
    september, november = invoices(placement)
    assert (september.period_start, september.period_end) == (date(2026, 9, 1),
                                                              date(2026, 9, 30))
    assert september.mismatch_reason is None and september.amount_ore == 13_500_000
    assert november.mismatch_reason == "Beloppet skiljer sig"
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity == "invoice_imports")).all()
    assert len(events) == 1 and events[0].changes["rows"] == 2
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.entity == "invoices", AuditEvent.action == "create",
        AuditEvent.entity_id.in_([september.id, november.id]))) == 2


def test_a_windows_1252_csv_registers_and_reconciles(login_as, placement):
    rows = [[*row[:4], row[4], row[5]] for row in rows_for(placement)]
    rows.append([placement.provider.org_number, "L-3", "2026-08", 17, "76 500,00", "SOL-IMP-1"])
    content = csv_file(rows, "cp1252")
    assert "Leverantörens".encode("cp1252") in content  # ö as one byte: not UTF-8
    response = upload(login_as(FINANCE), content, "reskontra.csv")
    assert response.status_code == 302
    found = invoices(placement)
    assert [i.mismatch_reason for i in found] == [None, None, None]
    august = found[2]  # a month the placement started within: its care days only
    assert (august.period_start, august.days) == (date(2026, 8, 15), 17)


def test_a_utf8_csv_with_a_provider_that_is_not_the_placements_is_refused(login_as,
                                                                         placement):
    other = money.placement(start_date=date(2026, 8, 1))
    db.session.commit()
    rows = [[other.provider.org_number, "L-9", "2026-09", 30, "135 000,00", "SOL-IMP-1"]]
    html = upload(login_as(FINANCE), csv_file(rows, "utf-8-sig"), "r.csv").get_data(as_text=True)
    assert "<td>Leverantörens organisationsnummer</td><td>Utföraren är inte placeringens " \
           "utförare.</td>" in html
    assert invoices(placement) == []


@pytest.mark.parametrize(("cell", "expected"), [
    ("2026-11", (date(2026, 11, 1), date(2026, 11, 30))),
    (datetime(2026, 2, 1), (date(2026, 2, 1), date(2026, 2, 28))),
    ("2026-11-03–2026-11-20", (date(2026, 11, 3), date(2026, 11, 20))),
    ("2026-11-03 - 2026-11-20", (date(2026, 11, 3), date(2026, 11, 20))),
])
def test_a_period_is_a_month_or_first_and_last_day(cell, expected):
    assert period_of(cell) == expected


@pytest.mark.parametrize("cell", ["2026-13", "nov 2026", "2026-11-20–2026-11-03",
                                  datetime(2026, 11, 3), None])
def test_an_unreadable_period_is_refused(cell):
    with pytest.raises(ValueError):
        period_of(cell)


def test_a_number_twice_in_the_file_is_refused_on_its_second_row(login_as, placement):
    org = placement.provider.org_number
    rows = [*rows_for(placement), [org, "L-1", "2026-10", 31, "139 500,00", "SOL-IMP-1"]]
    html = upload(login_as(FINANCE), xlsx(rows), "r.xlsx").get_data(as_text=True)
    assert '<td class="num">4</td><td>Fakturanummer</td><td>Kommunen har redan en faktura' in html
    assert invoices(placement) == []
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.entity.in_(["invoices", "invoice_imports"]),
        AuditEvent.action == "create")) == 0


@pytest.mark.checklist("A10")
def test_a_personnummer_as_an_invoice_number_in_the_file_is_refused(login_as, placement):
    rows = rows_for(placement)
    rows[1][1] = "850709\u20139805"  # an en dash: a file has no form to catch it
    response = upload(login_as(FINANCE), xlsx(rows), "reskontra.xlsx")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "får inte innehålla ett personnummer" in html
    assert invoices(placement) == []
