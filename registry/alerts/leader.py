"""Leadership for the scheduler: only the process holding the lock runs jobs.

PostgreSQL: a session-level advisory lock on a dedicated connection, held for the process
lifetime (it is released when the connection closes, however the process dies). SQLite: an
exclusive flock on a lock file beside the database. A second scheduler waits and retries; a
database it cannot reach is retried with a backoff (1 s doubling up to the retry interval),
never a reason to exit.
"""

import fcntl
import logging
import threading
import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

# A constant key for pg_try_advisory_lock: "utforarregistret scheduler" in 63 bits.
ADVISORY_KEY = 0x5574_6653_6368_6564


class PostgresLeaderLock:
    """pg_try_advisory_lock on a connection kept open for as long as the process leads."""

    def __init__(self, engine, key=ADVISORY_KEY):
        self.engine = engine
        self.key = key
        self.connection = None
        self._mutex = threading.Lock()  # the main thread and the job threads both check

    def try_acquire(self):
        """Return True if the lock is now ours; a database out of reach raises DBAPIError."""
        connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            taken = connection.scalar(text("SELECT pg_try_advisory_lock(:key)"),
                                      {"key": self.key})
        except BaseException:
            connection.invalidate()
            connection.close()
            raise
        if taken:
            self.connection = connection
            return True
        connection.close()
        return False

    def still_held(self):
        """Return True while our connection is alive and still holds the lock."""
        with self._mutex:
            if self.connection is None:
                return False
            try:
                return bool(self.connection.scalar(text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                    "AND pid = pg_backend_pid() AND classid::bigint = :high "
                    "AND objid::bigint = :low"),
                    {"high": self.key >> 32, "low": self.key & 0xFFFFFFFF}))
            except Exception as error:  # noqa: BLE001 - a dead connection means the lock is gone
                log.warning("scheduler lock check failed: %s", _reason(error))
                return False

    def release(self):
        """Let the lock go: the session ends, so a pooled connection never keeps it."""
        with self._mutex:
            connection, self.connection = self.connection, None
            if connection is None:
                return
            try:
                connection.invalidate()
                connection.close()
            except Exception as error:  # noqa: BLE001 - a dead connection is gone already
                log.warning("scheduler lock release failed: %s", _reason(error))


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


def _reason(error):
    """The error's type, and the database driver's when SQLAlchemy wraps one (no message)."""
    cause = getattr(error, "orig", None)
    return f"{type(error).__name__} ({type(cause).__name__})" if cause else type(error).__name__


def backoff_delays(retry_seconds, first=1):
    """Yield 1, 2, 4 ... seconds, then `retry_seconds` for ever (never more than that)."""
    delay = min(first, retry_seconds)
    while True:
        yield delay
        delay = min(delay * 2, retry_seconds)


class Outage:
    """A stretch of time the database could not be reached: logged when it begins and ends."""

    def __init__(self, error, retry_seconds):
        self.since = time.monotonic()
        self.delays = backoff_delays(retry_seconds)
        log.warning("scheduler database unreachable: %s; retrying, at most every %s s",
                    _reason(error), retry_seconds)

    def next_delay(self):
        return next(self.delays)

    def ended(self):
        log.warning("scheduler database reachable again after %.0f s",
                    time.monotonic() - self.since)


def wait_for_leadership(lock, retry_seconds, say=log.info, sleep=time.sleep):
    """Block until `lock` is ours, saying once that it waits and when it leads.

    A database out of reach is retried with a backoff and logged when it goes and when it
    comes back; it never ends the wait.
    """
    announced, outage = False, None
    while True:
        try:
            taken = lock.try_acquire()
        except DBAPIError as error:
            outage = outage or Outage(error, retry_seconds)
            sleep(outage.next_delay())
            continue
        if outage is not None:
            outage.ended()
            outage = None
        if taken:
            break
        if not announced:
            say("scheduler waiting: another scheduler holds the lock")
            announced = True
        sleep(retry_seconds)
    say("scheduler leader: lock taken, the jobs run in this process")
