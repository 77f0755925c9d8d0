"""No lost updates (checklist C1): two people save the same agreement, and no code path
updates a versioned table behind the version column's back."""

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from registry.agreements.models import Agreement
from registry.core.audit import AuditEvent
from registry.extensions import db
from tests.agreements.factories import party_agreement
from tests.agreements.test_editing import _agreement_form
from tests.conftest import csrf_token

pytestmark = pytest.mark.checklist("C1")

REGISTRY = Path(__file__).resolve().parents[2] / "registry"
VERSION_FIELD = re.compile(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"')


def _read_form(client, path):
    """GET the edit form as a browser would: its CSRF token and the version it carries."""
    html = client.get(path).get_data(as_text=True)
    match = VERSION_FIELD.search(html)
    assert match, "the edit form carries the record's version"
    return csrf_token(client, path), match.group(1) or match.group(2)


def test_two_people_save_the_same_agreement_and_the_second_is_told(login_as):
    agreement = party_agreement(lead="solna", participants=["sigtuna"], title="Första titeln")
    db.session.commit()
    before = agreement.version
    path = f"/agreements/{agreement.id}/edit"
    solna, sigtuna = login_as("purchaser.solna@demo.invalid"), login_as(
        "purchaser.sigtuna@demo.invalid")
    (solna_token, solna_version), (sigtuna_token, sigtuna_version) = (
        _read_form(solna, path), _read_form(sigtuna, path))
    assert solna_version == sigtuna_version == str(before)

    saved = solna.post(path, data={**_agreement_form(agreement, title="Solnas titel"),
                                   "version": solna_version, "csrf_token": solna_token})
    stale = sigtuna.post(path, data={**_agreement_form(agreement, title="Sigtunas titel"),
                                     "version": sigtuna_version, "csrf_token": sigtuna_token})

    assert saved.status_code == 302
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert "Någon annan har ändrat uppgiften" in html and "Ladda om sidan" in html
    stored = db.session.get(Agreement, agreement.id, populate_existing=True)
    assert (stored.title, stored.version) == ("Solnas titel", before + 1)
    updates = db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity == "agreement", AuditEvent.entity_id == agreement.id,
        AuditEvent.action == "update")).all()
    assert len(updates) == 1  # the refused save left no trace of a change


def _versioned_models():
    return {mapper.class_.__name__ for mapper in db.Model.registry.mappers
            if mapper.version_id_col is not None}


def test_no_code_updates_a_versioned_table_in_bulk():
    """A bulk UPDATE (update(Model) or Query.update) skips the version check and bump."""
    versioned = _versioned_models()
    assert {"Agreement", "Placement", "MonthlyReport", "PriceListItem"} <= versioned
    bulk = re.compile(r"\bupdate\(\s*(\w+)\s*\)|query\(\s*(\w+)\s*\)[^\n]*\.update\(")
    offenders = []
    for path in REGISTRY.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for match in bulk.finditer(path.read_text(encoding="utf-8")):
            name = match.group(1) or match.group(2)
            if name in versioned:
                offenders.append(f"{path.relative_to(REGISTRY)}: {match.group(0)}")
    assert offenders == []
