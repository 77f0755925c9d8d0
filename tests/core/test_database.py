"""SQLite serves several people: WAL, a busy timeout, and writers that queue (core/database.py)."""

import sqlite3

import pytest
from sqlalchemy import text

from registry.core.database import release_write_lock_if_unused
from registry.extensions import db
from tests.conftest import make_app

pytestmark = pytest.mark.no_db


@pytest.fixture
def sqlite_app(tmp_path):
    path = tmp_path / "registry.sqlite3"
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE notes (body TEXT)")
    application = make_app(f"sqlite:///{path}", SQLITE_BUSY_TIMEOUT_SECONDS=3)
    with application.app_context():
        yield application, path
        db.session.remove()
        db.engine.dispose()


def _other_writer_gets_the_lock(path):
    other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()


def test_connections_use_wal_and_the_busy_timeout(sqlite_app):
    assert db.session.scalar(text("PRAGMA journal_mode")) == "wal"
    assert db.session.scalar(text("PRAGMA busy_timeout")) == 3000


def test_every_transaction_takes_the_write_lock_when_it_begins(sqlite_app):
    _app, path = sqlite_app
    db.session.execute(text("SELECT count(*) FROM notes"))
    assert not _other_writer_gets_the_lock(path)
    db.session.rollback()
    assert _other_writer_gets_the_lock(path)


def test_savepoints_still_work(sqlite_app):
    db.session.execute(text("INSERT INTO notes VALUES ('kept')"))
    with pytest.raises(RuntimeError), db.session.begin_nested():
        db.session.execute(text("INSERT INTO notes VALUES ('undone')"))
        raise RuntimeError
    db.session.commit()
    assert db.session.scalars(text("SELECT body FROM notes")).all() == ["kept"]


def test_a_transaction_that_wrote_nothing_gives_the_lock_up_before_slow_work(sqlite_app):
    _app, path = sqlite_app
    db.session.execute(text("SELECT count(*) FROM notes"))
    release_write_lock_if_unused()
    assert _other_writer_gets_the_lock(path)


def test_a_transaction_that_wrote_keeps_its_lock_and_its_rows(sqlite_app):
    _app, path = sqlite_app
    db.session.execute(text("INSERT INTO notes VALUES ('mine')"))
    release_write_lock_if_unused()
    assert not _other_writer_gets_the_lock(path)
    db.session.commit()
    assert db.session.scalar(text("SELECT body FROM notes")) == "mine"
