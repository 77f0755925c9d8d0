"""Empty databases of their own for the generator (the suite's database holds the demo).

On SQLite each is a file in a temporary directory; under the PostgreSQL run
(REGISTRY_TEST_DATABASE_URL) each is a database of its own on the same server, dropped
afterwards.
"""

import os
import uuid
from contextlib import contextmanager
from datetime import date

import psycopg
import pytest
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from registry.extensions import db
from registry.synthetic import Scale, generate
from tests.conftest import make_app

AS_OF = date(2026, 11, 1)


def small(placements=60, seed=7, **sizes):
    """A small scale: quick to generate, every kind of row present."""
    sizes = {"municipalities": 9, "providers": 12, "audit_events": 400, **sizes}
    return Scale(placements=placements, seed=seed, as_of=AS_OF, **sizes)


@contextmanager
def empty_database(tmp_path):
    """Yield the URL of a new, empty database; drop it afterwards."""
    base = os.environ.get("REGISTRY_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / f'synthetic-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    url = make_url(base)
    name = f"{url.database}_syn_{uuid.uuid4().hex[:8]}"
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def generated_app(tmp_path, scale):
    """Yield (app, counts): an app on a fresh database holding `scale`'s data."""
    with empty_database(tmp_path) as url:
        application = make_app(url)
        try:
            with application.app_context():
                upgrade(directory=application.extensions["migrate"].directory)
                counts = generate(scale)
                db.session.commit()
                db.session.remove()
            yield application, counts
        finally:
            with application.app_context():
                db.session.remove()
                db.engine.dispose()


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """One small generated data set shared by a module's tests (read-only use)."""
    with generated_app(tmp_path_factory.mktemp("synthetic"), small()) as (application,
                                                                           counts):
        yield application, counts
