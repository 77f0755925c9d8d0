"""Engine events: SQLite gets foreign keys and real transactions (savepoints work)."""

from sqlalchemy import event


def register_database_events(app):
    with app.app_context():
        from registry.extensions import db

        engine = db.engine
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)


def _sqlite_connect(dbapi_connection, _record):
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()


def _sqlite_begin(connection):
    connection.exec_driver_sql("BEGIN")
