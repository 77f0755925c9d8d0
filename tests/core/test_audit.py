"""The audit log only grows, and names changed fields without copying free text."""

import pytest
from sqlalchemy import select

from registry.core import audit
from registry.core.audit import AuditEvent, AuditLogIsAppendOnly
from registry.extensions import db
from tests import factories


def test_an_audit_row_cannot_be_changed_or_deleted():
    event = audit.record("export", entity="placements")
    db.session.flush()
    event.action = "view"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    stored = db.session.scalars(select(AuditEvent).limit(1)).first()
    db.session.delete(stored)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()


def test_diff_names_free_text_fields_without_copying_them():
    provider = factories.provider()
    provider.capacity = 7
    provider.description = "hemlig beskrivning"
    changes = audit.diff(provider, ["capacity", "description", "legal_name"])
    assert changes["capacity"]["after"] == 7
    assert changes["description"] == {"changed": True}
    assert "hemlig" not in str(changes)
    assert "legal_name" not in changes
