"""Leadership for the scheduler: only the process holding the lock runs jobs.

PostgreSQL: a session-level advisory lock on a dedicated connection, held for the process
lifetime (it is released when the connection closes, however the process dies). SQLite: an
exclusive flock on a lock file beside the database. A second scheduler waits and retries.
"""

import fcntl
import logging
import time
from pathlib import Path

from sqlalchemy import text

log = logging.getLogger(__name__)

# A constant key for pg_try_advisory_lock: "utforarregistret scheduler" in 63 bits.
ADVISORY_KEY = 0x5574_6653_6368_6564


class PostgresLeaderLock:
    """pg_try_advisory_lock on a connection kept open for as long as the process leads."""

    def __init__(self, engine, key=ADVISORY_KEY):
        self.engine = engine
        self.key = key
        self.connection = None

    def try_acquire(self):
        connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        if connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}):
            self.connection = connection
            return True
        connection.close()
        return False

    def still_held(self):
        """Return True while our connection is alive and still holds the lock."""
        try:
            return bool(self.connection.scalar(text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND pid = pg_backend_pid() AND classid::bigint = :high "
                "AND objid::bigint = :low"),
                {"high": self.key >> 32, "low": self.key & 0xFFFFFFFF}))
        except Exception:  # noqa: BLE001 - a dead connection means the lock is gone
            log.exception("scheduler lock check failed")
            return False

    def release(self):
        if self.connection is not None:
            try:
                self.connection.close()
            finally:
                self.connection = None


class FileLeaderLock:
    """An exclusive, non-blocking flock on a file (SQLite: one machine, one database file)."""

    def __init__(self, path):
        self.path = Path(path)
        self.handle = None

    def try_acquire(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self.handle = handle
        return True

    def still_held(self):
        return self.handle is not None and not self.handle.closed

    def release(self):
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def leader_lock(engine, settings):
    """Return the lock that fits the database: advisory lock or lock file."""
    if engine.dialect.name == "postgresql":
        return PostgresLeaderLock(engine)
    path = settings.lock_file or _beside_database(engine)
    return FileLeaderLock(path)


def _beside_database(engine):
    database = engine.url.database
    if not database or database == ":memory:":
        return Path("instance") / "scheduler.lock"
    return Path(f"{database}.scheduler-lock")


def wait_for_leadership(lock, retry_seconds, say=log.info):
    """Block until `lock` is ours, saying once that it waits and when it leads."""
    announced = False
    while not lock.try_acquire():
        if not announced:
            say("scheduler waiting: another scheduler holds the lock")
            announced = True
        time.sleep(retry_seconds)
    say("scheduler leader: lock taken, the jobs run in this process")
