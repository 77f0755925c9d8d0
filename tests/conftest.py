"""Test fixtures: one migrated and seeded database per run, a rolled-back transaction per test.

The database is SQLite (a temporary file) unless REGISTRY_TEST_DATABASE_URL names another,
as `make test` does for its PostgreSQL run.
"""

import os
import re
from contextlib import contextmanager
from datetime import datetime, time

import pytest
from flask.globals import _cv_app
from flask.testing import FlaskClient
from flask_migrate import upgrade
from hypothesis import settings
from sqlalchemy import event, select
from sqlalchemy.orm import scoped_session, sessionmaker

from registry.app import create_app
from registry.core.dates import STOCKHOLM
from registry.extensions import db
from tests import factories

# Machines are shared and noisy: property tests never fail on how long an example took.
# In CI the examples are derandomized (the same every run), so a red CI can be reproduced
# with CI=true and never depends on a lucky draw; locally every run explores new examples.
settings.register_profile("registry", deadline=None,
                          derandomize=os.environ.get("CI") == "true")
settings.load_profile("registry")

# tests/bench runs only under `make bench` (BENCH=1): it generates national-scale data.
collect_ignore = [] if os.environ.get("BENCH") else ["bench"]

# What `make test-fast` leaves out (README): the slow kinds, marked by where they live.
SLOW_KINDS = {
    "tests/fuzz/": "fuzz",
    "tests/faults/": "faults",
    "tests/e2e/": "e2e",
    "tests/api/test_schemathesis.py": "schemathesis",
    "tests/alerts/test_concurrency.py": "concurrency",
    "tests/finance/test_claim_race.py": "concurrency",
    "tests/security/test_jobs.py": "concurrency",
    "tests/alerts/test_kills.py": "concurrency",  # processes killed mid-job (~1 min)
    "tests/soak/": "concurrency",
}
# Tests whose meaning depends on today's date: `scripts/test-dates.sh` (checklist T1) runs them
# under libfaketime on awkward days. They take every date from the same clock as the app.
DATE_SENSITIVE = ("tests/e2e/", "tests/alerts/", "tests/placements/", "tests/finance/",
                  "tests/dashboard/", "tests/reports/", "tests/seeding/", "tests/agreements/",
                  "tests/providers/", "tests/quality/", "tests/api/test_case_data.py")

# Not date-sensitive, and not runnable under libfaketime: the scheduler's leader loop waits on
# threading timeouts, which libfaketime's shifted monotonic clock turns into endless waits.
CLOCK_THREADS = ("tests/alerts/test_leader.py",)


def pytest_collection_modifyitems(config, items):
    root = config.rootpath
    for item in items:
        where = item.path.relative_to(root).as_posix()
        kinds = {kind for prefix, kind in SLOW_KINDS.items() if where.startswith(prefix)}
        for kind in kinds:
            item.add_marker(kind)
        if where.startswith(DATE_SENSITIVE) and kinds <= {"e2e"} \
                and not where.startswith(CLOCK_THREADS):
            item.add_marker("dates")


DEMO_PASSWORD = "demo-password-2026"
TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"


def pytest_report_header(config):
    return f"registry database: {os.environ.get('REGISTRY_TEST_DATABASE_URL') or 'sqlite'}"


def _database_url(tmp_path_factory):
    url = os.environ.get("REGISTRY_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'registry-test.sqlite3'}"


class IsolatedClient(FlaskClient):
    """Give every request a fresh `g` and a clean transaction, as a real server would.

    The per-test app context stays pushed (tests use db.session between requests), and Flask
    reuses it for requests; without this, Flask-Login's cached user and Flask-WTF's cached CSRF
    token would leak from one request to the next.
    """

    def open(self, *args, **kwargs):
        ctx = _cv_app.get(None)
        if ctx is None:
            return super().open(*args, **kwargs)
        saved = ctx.g
        ctx.g = self.application.app_ctx_globals_class()
        db.session.commit()  # what the test set up is committed before the request sees it
        try:
            return super().open(*args, **kwargs)
        finally:
            ctx.g = saved
            db.session.rollback()  # what the request did not commit is lost, as in production


def make_app(url, **overrides):
    """Build a test app against `url` (cheap password hashing, CSRF on)."""
    config = {"ENV_NAME": "test", "DATABASE_URL": url, "SECRET_KEY": TEST_SECRET,
              "PASSWORD_HASH_TIME_COST": 1, "PASSWORD_HASH_MEMORY_KIB": 8,
              "DEMO_PASSWORD": DEMO_PASSWORD,
              # Flask-Limiter keeps this flag on its one global object, so every test app
              # sets it; the per-account throttle (in the database) is on regardless.
              "RATELIMIT_ENABLED": False}
    config.update(overrides)
    application = create_app(config)
    application.test_client_class = IsolatedClient
    return application


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    return _database_url(tmp_path_factory)


@pytest.fixture(scope="session")
def app(database_url):
    """The app with a database migrated to head and seeded with the demo data."""
    from registry.seeding import seed

    application = make_app(database_url)
    with application.app_context():
        upgrade(directory=application.extensions["migrate"].directory)
        seed(demo=True)
        db.session.commit()
        db.session.remove()
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _isolated(request, app):
    """Run each test inside a transaction that is rolled back afterwards."""
    if "no_db" in request.keywords:
        yield
        return
    factories.forget_staff()
    ctx = app.app_context()
    ctx.push()
    connection = db.engine.connect()
    outer = connection.begin()
    factory = sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
    original = db.session
    db.session = scoped_session(factory)
    try:
        yield
    finally:
        db.session.remove()
        db.session = original
        if outer.is_active:
            outer.rollback()
        connection.close()
        ctx.pop()


@pytest.fixture
def clock(time_machine):
    """Return set_day(day): freeze the clock at noon of `day` in Stockholm.

    The one test clock: a test whose dates matter sets its day and builds dates from it,
    never from the wall clock plus an offset.
    """

    def set_day(day):
        time_machine.move_to(datetime.combine(day, time(12), tzinfo=STOCKHOLM), tick=False)

    return set_day


@pytest.fixture
def client(app):
    return app.test_client()


_CSRF = re.compile(r'name="csrf-token" content="([^"]+)"|name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, path="/login"):
    """Fetch a page and return the CSRF token it carries."""
    html = client.get(path).get_data(as_text=True)
    match = _CSRF.search(html)
    assert match, f"no CSRF token on {path}"
    return match.group(1) or match.group(2)


def login(client, email, password=None):
    """Log in through the real form; return the response.

    `email` may also be a User or a (role, municipality) tuple meaning `factories.staff`.
    The password defaults to the demo password for a demo address, else factories.PASSWORD.
    """
    if isinstance(email, tuple):
        email = factories.staff(*email)
    email = getattr(email, "email", email)
    if password is None:
        password = DEMO_PASSWORD if email.endswith("@demo.invalid") else factories.PASSWORD
    token = csrf_token(client, "/login")
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": token})


def post(client, path, data, token_from="/"):
    """POST a form with a valid CSRF token taken from another page."""
    token = csrf_token(client, token_from)
    return client.post(path, data={**data, "csrf_token": token})


@pytest.fixture
def login_as(app):
    """Return login(who, municipality=None): a new test client logged in through the form.

    `who` is a User (built by tests/factories.py, password factories.PASSWORD); or a role
    ("case_officer") and a municipality (a Municipality or a reference slug; none for
    coordinator and admin), also as one tuple ("case_officer", "solna"), meaning the test's
    one such user (`factories.staff`); or a demo e-mail address, only for the tests that
    deliberately check the demo seed. The client's `user` attribute is the user it is
    logged in as.

        client = login_as("case_officer", "solna")
        client = login_as(factories.user("finance", town))
    """
    from registry.auth.models import User

    def _login(who, municipality=None):
        if isinstance(who, tuple):
            who, municipality = (*who, None)[:2]
        if not isinstance(who, User) and "@" not in who:
            who = factories.staff(who, municipality)
        email = who if isinstance(who, str) else who.email
        new_client = app.test_client()
        response = login(new_client, email)
        assert response.status_code == 302, f"login failed for {email}"
        new_client.user = db.session.scalar(select(User).where(User.email == email))
        return new_client

    return _login


@contextmanager
def counted():
    """Count the SQL statements run inside the block (for tests that a page has no N+1)."""
    statements = []

    def count(*_args):
        statements.append(1)

    engine = db.session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)
