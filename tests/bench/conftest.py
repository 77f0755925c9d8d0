"""The benchmark session: one prepared database per engine, logged-in clients, the table.

Run with `make bench` (BENCH=1). `make test` never collects this folder (tests/conftest.py).
Scale: BENCH_PLACEMENTS (default 100000, national), BENCH_SEED, BENCH_REPEATS (default 20).
"""

import platform
from dataclasses import dataclass, field
from datetime import datetime

import pytest
from sqlalchemy import func, select

from registry.auth import tokens
from registry.auth.models import User
from registry.core.dates import STOCKHOLM
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.placements.models import Placement
from tests.bench import data
from tests.bench.report import write_results
from tests.conftest import login

FIGURES = []


@pytest.fixture(autouse=True)
def _isolated():
    """The bench works on its own copies of the data; no per-test transaction."""
    yield


@dataclass
class Bench:
    database: str
    app: object
    clients: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)


def _largest_municipality():
    return db.session.execute(
        select(Municipality.id, Municipality.slug).join(
            Placement, Placement.municipality_id == Municipality.id).group_by(
            Municipality.id, Municipality.slug).order_by(func.count().desc()).limit(1)).one()


def _sign_in(bench, slug):
    emails = {"case_officer": f"case_officer.{slug}@demo.invalid",
              "purchaser": f"purchaser.{slug}@demo.invalid",
              "finance": f"finance.{slug}@demo.invalid",
              "coordinator": "coordinator@demo.invalid", "admin": "admin@demo.invalid"}
    for role, email in emails.items():
        client = bench.app.test_client()
        assert login(client, email).status_code == 302, f"login failed for {email}"
        bench.clients[role] = client
        user = db.session.scalar(select(User).where(User.email == email))
        _token, plain = tokens.create_token(user, "Benchmark")
        bench.tokens[role] = plain
    db.session.commit()


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def bench(request):
    say = print
    if request.param == "postgres":
        if not data.pg_available():
            pytest.skip("no PostgreSQL answers on 127.0.0.1:5432")
        url = data.postgres_url(say)
    else:
        url = data.sqlite_url(say)
    application = data.bench_app(url)
    ctx = application.app_context()
    ctx.push()
    result = Bench(request.param, application)
    try:
        municipality_id, slug = _largest_municipality()
        result.ids["municipality"] = municipality_id
        _sign_in(result, slug)
        yield result
    finally:
        db.session.remove()
        db.engine.dispose()
        ctx.pop()
        if request.param == "postgres":
            data.drop_postgres()
        else:
            (data.OUT / "sqlite-work.db").unlink(missing_ok=True)


def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    s = data.scale()
    machine = f"{platform.node()}, {platform.processor() or platform.machine()}"
    text = write_results(FIGURES, s, machine, datetime.now(STOCKHOLM), data.OUT / "results.md")
    terminalreporter.write_line("")
    for line in text.splitlines():
        terminalreporter.write_line(line)
