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


def _sqlite_begin(connection):
    connection.exec_driver_sql("BEGIN IMMEDIATE")
