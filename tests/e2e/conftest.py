"""Browser tests: a live server on its own demo-seeded SQLite file, driven by Debian's Chromium.

The server never shares the per-test transaction of tests/conftest.py (every test here is
marked `no_db`), so what a journey saves really is committed, as it would be for a person.
"""

import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from registry.extensions import db
from tests.conftest import DEMO_PASSWORD, make_app

CHROMIUM = os.environ.get("REGISTRY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 # Keyboard scrolling animates by default; the tests read scroll positions.
                 "--disable-smooth-scrolling",
                 "--lang=sv-SE"]  # Swedish date inputs (ÅÅÅÅ-MM-DD) as municipal staff see them
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "e2e"


def pytest_collection_modifyitems(items):
    """Mark every browser test `no_db` and `e2e`; they run against the live server only."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.no_db)
            item.add_marker(pytest.mark.e2e)


def _need_chromium():
    if os.access(CHROMIUM, os.X_OK):
        return
    message = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)  # in CI a skipped browser test is a failure
    pytest.skip(message)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Serve the app on 127.0.0.1 (a free port) against a fresh demo-seeded SQLite file."""
    from registry.seeding import seed

    _need_chromium()
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'registry-e2e.sqlite3'}"
    application = make_app(url, UPLOAD_DIR=str(tmp_path_factory.mktemp("uploads")))
    with application.app_context():
        upgrade(directory=application.extensions["migrate"].directory)
        seed(demo=True)
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, application, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser(live_server):
    """One headless Chromium for the whole run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session", autouse=True)
def _clean_output():
    shutil.rmtree(OUTPUT, ignore_errors=True)
    OUTPUT.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser context (no cookies) with a laptop-sized window."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900},
                                  locale="sv-SE", accept_downloads=True)
    context.set_default_timeout(10_000)
    new_page = context.new_page()
    yield new_page
    context.close()


@pytest.fixture
def shots(request):
    """Return a function that saves a full-page screenshot under test-output/e2e/<test>/."""
    folder = OUTPUT / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 100))

    def _shot(page, name):
        path = folder / f"{next(counter):02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


def login(page, email, password=DEMO_PASSWORD):
    """Sign in through the login form as a person would."""
    page.goto("/login")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
