"""The audit log is append-only in the database itself (issue 10, checklist A7).

PostgreSQL: one trigger function refuses UPDATE and DELETE (per row) and TRUNCATE (per
statement) on audit_events, whichever role runs them, the superuser included. Only the
table's owner or a superuser can switch the triggers off (ALTER TABLE ... DISABLE TRIGGER,
session_replication_role), so production runs the app as a role that owns nothing and has
SELECT, INSERT only on audit_events (README "Säkerhet och dataskydd").

SQLite: two triggers raise on UPDATE and DELETE (SQLite has no TRUNCATE; a DELETE without
WHERE fires the trigger too). A later batch migration that recreates audit_events on SQLite
drops these triggers with the old table and must create them again.

Revision ID: a10audit
Revises: a9api
Create Date: 2026-11-22
"""

from alembic import op

revision = "a10audit"
down_revision = "a9api"
branch_labels = None
depends_on = None

MESSAGE = "audit_events is append-only"

POSTGRES_UP = [
    f"""
    CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}: % refused', TG_OP;
    END
    $$
    """,
    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()",
    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events",
    "DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events",
    "DROP FUNCTION IF EXISTS audit_events_refuse_change()",
]
SQLITE_UP = [
    f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: {verb} refused'); END"
    for verb in ("UPDATE", "DELETE")
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS audit_events_no_update",
               "DROP TRIGGER IF EXISTS audit_events_no_delete"]


def _statements(postgres, sqlite):
    return postgres if op.get_bind().dialect.name == "postgresql" else sqlite


def upgrade():
    """Refuse every change and deletion of audit rows in the database."""
    for statement in _statements(POSTGRES_UP, SQLITE_UP):
        op.execute(statement)


def downgrade():
    """Drop the triggers (and on PostgreSQL the function)."""
    for statement in _statements(POSTGRES_DOWN, SQLITE_DOWN):
        op.execute(statement)
