"""Fault tests: a throw-away PostgreSQL cluster of their own, stopped and started at will.

The machine's main cluster (127.0.0.1:5432) is shared with other test runs and is never
stopped here. The fixture initdb's a cluster in a temporary directory, on a free port, with
its socket in that directory; as root the PostgreSQL programs run as the `postgres` user.
One database is migrated and demo-seeded once and used as the template of each test's own.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from registry.core.backup import find_pg_program
from tests.alerts.conftest import is_postgres

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = "registry_fault_template"

postgres_only = [pytest.mark.postgres,
                 pytest.mark.skipif(not is_postgres(), reason="needs PostgreSQL"),
                 pytest.mark.no_db]


def wait_for(condition, seconds=60, every=0.2):
    """Poll `condition` until it is true or `seconds` have passed; return its last value."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster in a temporary directory (trust auth, user postgres)."""

    def __init__(self, bindir):
        self.bindir = Path(bindir)
        self.root = Path(tempfile.mkdtemp(prefix="registry-faults-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.as_postgres = os.geteuid() == 0  # initdb refuses to run as root
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")

    def _run(self, program, *args, check=True):
        command = [str(self.bindir / program), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, cwd=self.root, capture_output=True, text=True,
                                timeout=120)
        if check and result.returncode != 0:
            raise RuntimeError(f"{program} failed: {result.stdout}{result.stderr}"
                               f"{self.log_tail()}")
        return result

    def log_tail(self):
        log = self.root / "server.log"
        return log.read_text(errors="replace")[-2000:] if log.exists() else ""

    def init(self):
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--no-locale", "--no-sync")

    def start(self):
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c full_page_writes=off -c synchronous_commit=off")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"),
                  "-o", options, "-w", "-t", "60", "start")

    def stop(self, mode="fast"):
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def running(self):
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def ensure_running(self):
        if not self.running():
            self.start()

    def url(self, database):
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, statement, database="postgres"):
        """Run one statement in autocommit mode and return its rows (if any)."""
        dsn = f"host=127.0.0.1 port={self.port} user=postgres dbname={database}"
        with psycopg.connect(dsn, autocommit=True, connect_timeout=10) as connection:
            cursor = connection.execute(statement)
            return cursor.fetchall() if cursor.description else []

    def destroy(self):
        try:
            if self.running():
                try:
                    self.stop("fast")
                except (RuntimeError, subprocess.TimeoutExpired):
                    self.stop("immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def cluster():
    """The throw-away cluster, running; always stopped and removed at the end."""
    initdb = find_pg_program("initdb")
    if initdb is None:
        if os.environ.get("CI") == "true":
            pytest.fail("the PostgreSQL server programs (initdb, pg_ctl) are missing (CI=true)")
        pytest.skip("the PostgreSQL server programs (initdb, pg_ctl) are not installed")
    instance = Cluster(initdb.parent)
    try:
        instance.init()
        _start_on_a_free_port(instance)
        _build_template(instance)
        yield instance
    finally:
        instance.destroy()


def _start_on_a_free_port(instance, attempts=3):
    """Start the cluster; another process may take the probed port first, so try again."""
    for attempt in range(attempts):
        try:
            instance.start()
            return
        except RuntimeError:
            if attempt == attempts - 1:
                raise
            instance.port = _free_port()


def _build_template(instance):
    from flask_migrate import upgrade

    from registry.extensions import db
    from registry.seeding import seed
    from tests.conftest import make_app

    instance.sql(f'CREATE DATABASE "{TEMPLATE}"')
    application = make_app(instance.url(TEMPLATE))
    with application.app_context():
        upgrade(directory=application.extensions["migrate"].directory)
        seed(demo=True)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


@contextmanager
def demo_database(cluster):
    """Yield the URL of a new copy of the demo database; drop it afterwards."""
    name = f"registry_fault_{uuid.uuid4().hex[:8]}"
    cluster.sql(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
    try:
        yield cluster.url(name)
    finally:
        cluster.ensure_running()
        cluster.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def fault_database(cluster):
    """A fresh demo database on the throw-away cluster (its URL); the cluster runs after."""
    with demo_database(cluster) as url:
        yield url


@pytest.fixture
def fault_app(fault_database):
    """An app of the test's own on a fresh demo database of the throw-away cluster."""
    from registry.extensions import db
    from tests.conftest import make_app

    application = make_app(fault_database, DIGEST_ENABLED=False)
    yield application
    with application.app_context():
        db.engine.dispose()


class Process:
    """A `flask --app wsgi registry ...` subprocess whose output lines are collected."""

    def __init__(self, url, *args, **env):
        environment = {**os.environ, "REGISTRY_DATABASE_URL": url,
                       "REGISTRY_ENV_NAME": "development", "REGISTRY_DIGEST_ENABLED": "false",
                       "REGISTRY_SCHEDULER_LOCK_RETRY_SECONDS": "1",
                       "REGISTRY_SCHEDULER_LOCK_CHECK_SECONDS": "1",
                       "PYTHONUNBUFFERED": "1", **env}
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi",
             "registry", *args], cwd=ROOT, env=environment, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        self.pid = self.popen.pid
        self.lines = []
        threading.Thread(target=lambda: self.lines.extend(self.popen.stdout),
                         daemon=True).start()

    def said(self, words):
        return any(words in line for line in self.lines)

    def output(self):
        return "".join(self.lines)

    def end(self):
        """Terminate the process if it still runs (tests call this in `finally`)."""
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=30)
