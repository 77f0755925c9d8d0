"""Engine events: SQLite serves several people at once (WAL, a busy timeout, writers queue).

pysqlite's own transaction handling is switched off (`isolation_level = None`) and the
"begin" event emits the BEGIN itself, as SQLAlchemy's pysqlite notes ("Serializable
isolation / Savepoints / Transactional DDL") describe, so SAVEPOINT (`begin_nested`) works.

Every transaction of the app begins IMMEDIATE: it takes the write lock when it begins and
waits up to the busy timeout for it. A DEFERRED transaction that reads first and writes
later (a read of case data writes its audit row) cannot upgrade its lock while another
connection has written since it began: SQLite answers "database is locked" at once, without
waiting, and the request failed with 503. Readers outside the app's transactions still read
concurrently under WAL. PostgreSQL is untouched.

The lock is held from the first query to the commit, so slow work inside a request that has
not written yet (a password hash at login) calls `release_write_lock_if_unused()` first.
"""

import functools

from sqlalchemy import event

from registry.core.settings import settings_of


def register_database_events(app):
    with app.app_context():
        from registry.extensions import db

        engine = db.engine
    if engine.dialect.name == "sqlite":
        busy_ms = settings_of(app).sqlite_busy_timeout_seconds * 1000
        event.listen(engine, "connect", functools.partial(_sqlite_connect, busy_ms=busy_ms))
        event.listen(engine, "begin", _sqlite_begin)


def _sqlite_connect(dbapi_connection, _record, busy_ms):
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
    cursor.close()


_CHANGES_AT_BEGIN = "sqlite_changes_at_begin"


def _sqlite_begin(connection):
    connection.exec_driver_sql("BEGIN IMMEDIATE")
    connection.info[_CHANGES_AT_BEGIN] = _raw(connection).total_changes


def _raw(connection):
    return connection.connection.dbapi_connection


def release_write_lock_if_unused():
    """SQLite: end the session's transaction when it has written nothing, before slow work.

    Nothing is lost: no row was changed since BEGIN and nothing waits to be flushed. The
    rows read are expired and load again (in a new transaction) when next used. A no-op on
    PostgreSQL, outside a transaction and once anything was written.
    """
    from registry.extensions import db

    session = db.session()
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    if _raw(connection).total_changes == connection.info.get(_CHANGES_AT_BEGIN):
        session.rollback()
