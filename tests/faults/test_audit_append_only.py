"""The audit log is append-only in the database, not only in the ORM (checklist A7).

Plain SQL, which bypasses the ORM guard in core/audit.py, cannot change or delete an audit
row: triggers refuse it on both databases, for every role. On PostgreSQL the production
application role (SELECT, INSERT only) is refused by its privileges as well.
"""

import uuid

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from registry.core.audit import AuditEvent, AuditLogIsAppendOnly, record
from registry.extensions import db
from tests.alerts.conftest import needs_postgres

pytestmark = pytest.mark.checklist("A7")


@pytest.fixture
def audit_row():
    event = record("view", entity="placement", entity_id=1, municipality_id=None)
    db.session.flush()
    return event.id


def _refused(statement, **params):
    """Run `statement` in a savepoint; return the database's error message."""
    with pytest.raises(DBAPIError) as raised, db.session.begin_nested():
        db.session.execute(text(statement), params)
    return str(raised.value.orig)


def test_sql_update_and_delete_of_an_audit_row_are_refused(audit_row):
    message = _refused("UPDATE audit_events SET action = 'login' WHERE id = :id", id=audit_row)
    assert "audit_events is append-only" in message
    message = _refused("DELETE FROM audit_events WHERE id = :id", id=audit_row)
    assert "audit_events is append-only" in message
    assert _refused("DELETE FROM audit_events")  # the whole table neither
    stored = db.session.get(AuditEvent, audit_row, populate_existing=True)
    assert stored.action == "view"


def test_the_orm_refuses_before_the_database_is_asked(audit_row):
    event = db.session.get(AuditEvent, audit_row)
    event.entity = "changed"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_inserting_audit_rows_still_works():
    before = db.session.scalar(select(func.count(AuditEvent.id)))
    db.session.execute(text("INSERT INTO audit_events (occurred_at, action, entity) "
                            "VALUES (CURRENT_TIMESTAMP, 'view', 'placement')"))
    assert db.session.scalar(select(func.count(AuditEvent.id))) == before + 1


@pytest.mark.postgres
@needs_postgres
def test_truncate_is_refused_even_for_the_superuser(audit_row):
    assert db.session.scalar(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
    assert "TRUNCATE refused" in _refused("TRUNCATE audit_events")


@pytest.mark.postgres
@needs_postgres
def test_the_application_role_may_insert_and_read_but_not_update_or_delete(audit_row):
    """The production role of the README: SELECT, INSERT on audit_events and nothing more.

    CREATE ROLE is transactional in PostgreSQL, so the role vanishes with the test's rollback.
    """
    role = f"registry_app_test_{uuid.uuid4().hex[:8]}"
    for statement in (
        f"CREATE ROLE {role} NOLOGIN NOSUPERUSER NOINHERIT",
        f"GRANT SELECT, INSERT ON audit_events TO {role}",
        f"GRANT USAGE ON SEQUENCE audit_events_id_seq TO {role}",
        f"SET LOCAL ROLE {role}",
    ):
        db.session.execute(text(statement))
    db.session.execute(text("INSERT INTO audit_events (occurred_at, action, entity) "
                            "VALUES (now(), 'view', 'placement')"))
    assert db.session.scalar(text("SELECT count(*) FROM audit_events WHERE id = :id"),
                             {"id": audit_row}) == 1
    for statement in ("UPDATE audit_events SET action = 'login' WHERE id = :id",
                      "DELETE FROM audit_events WHERE id = :id", "TRUNCATE audit_events"):
        assert "permission denied for table audit_events" in _refused(statement, id=audit_row)
    db.session.execute(text("RESET ROLE"))
