"""The embedded default serves a team (checklist R1): a live server on its own SQLite file.

The dev server (werkzeug, threaded, loopback only) runs on a migrated and demo-seeded file,
as `make run` does; 8 clients make 50 steps each, a write every fourth, and not one
response is 500 or more (before WAL + BEGIN IMMEDIATE + a busy timeout, most were 503
"database is locked").
"""

import threading

import pytest
from flask_migrate import upgrade
from werkzeug.serving import WSGIRequestHandler, make_server

from registry.extensions import db
from tests.conftest import make_app
from tests.soak.workload import prepare_officers, run_team, summary

pytestmark = [pytest.mark.no_db, pytest.mark.concurrency]


class QuietHandler(WSGIRequestHandler):
    """Hundreds of requests: no access log line for each."""

    def log_request(self, *_args, **_kwargs):
        pass


@pytest.fixture(scope="module")
def team_server(tmp_path_factory):
    """Serve the app on 127.0.0.1 (a free port) against a fresh demo-seeded SQLite file."""
    from registry.seeding import seed

    folder = tmp_path_factory.mktemp("soak")
    application = make_app(f"sqlite:///{folder / 'registry-soak.sqlite3'}",
                           UPLOAD_DIR=str(folder / "uploads"))
    with application.app_context():
        upgrade(directory=application.extensions["migrate"].directory)
        seed(demo=True)
        db.session.commit()
        db.session.remove()
    officers = prepare_officers(application)
    server = make_server("127.0.0.1", 0, application, threaded=True,
                         request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", officers
    server.shutdown()
    thread.join(timeout=10)
    with application.app_context():
        db.engine.dispose()


@pytest.mark.checklist("R1")
def test_eight_clients_reading_and_writing_never_see_a_server_error(team_server):
    base, officers = team_server
    outcome = run_team(base, officers, clients=8, steps=50, seconds=240)
    print(summary(outcome))
    assert outcome.unfinished == 0 and outcome.steps == 8 * 50, summary(outcome)
    assert outcome.server_errors == 0, outcome.errors[:5]
    assert outcome.errors == [], outcome.errors[:5]
