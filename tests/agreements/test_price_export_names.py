"""The price list downloads whatever the agreement's reference (checklist D10).

A diarienummer is free text: `KS 2026/123` (the normal Swedish form), colons, brackets,
a leading = + - @, more than 31 characters. The sheet name and the file name are made from
it safely (registry/core/exports.py), so the download always answers 200 with a workbook.
"""

import io

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from registry.extensions import db
from tests import factories
from tests.agreements.factories import party_agreement

PARTY = ("purchaser", "solna")
REFERENCE = st.text(
    alphabet=st.sampled_from("KSab 0123/:*?[]\\'=+-@åäöÅÄÖ.\"\t"), min_size=1, max_size=60)


@pytest.fixture
def agreement_and_client(login_as):
    provider = factories.provider()
    agreement = party_agreement(providers=[provider])
    factories.price_item(agreement_=agreement, provider_=provider, price_ore=485_000)
    db.session.commit()
    return agreement, login_as(PARTY)


@pytest.mark.checklist("D10")
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reference=REFERENCE)
@example(reference="KS 2026/123")
@example(reference="Dnr: KS-2026-0042")
@example(reference="=HYPERLINK(\"http://x\")")
@example(reference="-2026/1")
@example(reference="+46 [utkast]")
@example(reference="@avtal*?")
@example(reference="'citerad'")
@example(reference="History")
@example(reference="Ramavtal " + "x" * 45)
def test_the_price_list_downloads_whatever_the_reference(agreement_and_client, reference):
    agreement, client = agreement_and_client
    agreement.reference = reference
    db.session.commit()
    response = client.get(f"/agreements/{agreement.id}/prices.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    workbook = load_workbook(io.BytesIO(response.data))
    assert len(workbook.sheetnames) == 1
    assert 1 <= len(workbook.sheetnames[0]) <= 31
    assert workbook.active.max_row == 2
