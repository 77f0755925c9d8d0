"""Lists that show case references are audited as one view each."""

import pytest
from sqlalchemy import func, select

from registry.core.audit import AuditEvent
from registry.extensions import db


def _views(entity):
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "view", AuditEvent.entity == entity))


@pytest.mark.parametrize(("who", "path", "entity"), [
    (("finance", "solna"), "/finance/", "finance_placements"),
    (("case_officer", "solna"), "/alerts/", "alerts"),
    (("case_officer", "solna"), "/placements/", "placements"),
])
@pytest.mark.checklist("A6")
def test_reading_a_list_of_case_data_leaves_one_audit_row(login_as, who, path, entity):
    client = login_as(who)
    before = _views(entity)
    assert client.get(path).status_code == 200
    assert _views(entity) == before + 1
