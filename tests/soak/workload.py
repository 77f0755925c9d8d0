"""A team at work against a live server: clients logging in, reading case data, writing.

Each client is one demo case officer with a real session (the login form, CSRF) and a
personal API token. It makes `steps` steps in a fixed cycle of eight: the placement
page, the API's placement, the list page, a follow-up filed through the page form, the API
list, a fresh login, the timeline page, another follow-up (a write every fourth step).
Every response is counted; the run is bounded in time (each request and the whole run).
"""

import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import requests
from sqlalchemy import select

from registry.auth.models import User
from registry.auth.tokens import create_token
from registry.core.dates import today
from registry.extensions import db
from registry.placements.models import Placement
from tests.conftest import DEMO_PASSWORD

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
REQUEST_SECONDS = 60


@dataclass
class Officer:
    email: str
    token: str
    placement_ids: list


@dataclass
class Outcome:
    statuses: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)  # (what, status, body): 5xx, failed steps
    steps: int = 0
    seconds: float = 0.0
    unfinished: int = 0

    @property
    def responses(self):
        return sum(self.statuses.values())

    @property
    def server_errors(self):
        return sum(n for status, n in self.statuses.items() if status >= 500)


def prepare_officers(app):
    """Give each demo case officer an API token and the running placements they may edit."""
    officers = []
    with app.app_context():
        users = db.session.scalars(select(User).where(
            User.email.like("case_officer.%@demo.invalid")).order_by(User.email)).all()
        for user in users:
            ids = db.session.scalars(select(Placement.id).where(
                Placement.municipality_id == user.municipality_id,
                Placement.end_date.is_(None), Placement.start_date <= today())
                .order_by(Placement.id).limit(5)).all()
            if ids:
                _row, plain = create_token(user, "soak")
                officers.append(Officer(user.email, plain, list(ids)))
        db.session.commit()
        db.session.remove()
    assert officers, "the demo data has no case officer with a running placement"
    return officers


class _Client:
    def __init__(self, base, officer, outcome, lock):
        self.base, self.officer, self.outcome, self.lock = base, officer, outcome, lock
        self.http = requests.Session()

    def _count(self, what, response):
        with self.lock:
            self.outcome.statuses[response.status_code] += 1
            if response.status_code >= 500:
                self.outcome.errors.append((what, response.status_code, response.text[:200]))
        return response

    def get(self, path, **kwargs):
        return self._count(f"GET {path}", self.http.get(
            self.base + path, timeout=REQUEST_SECONDS, allow_redirects=False, **kwargs))

    def post(self, path, data):
        return self._count(f"POST {path}", self.http.post(
            self.base + path, data=data, timeout=REQUEST_SECONDS, allow_redirects=False))

    def _csrf(self, path):
        page = self.get(path)
        match = CSRF.search(page.text)
        return match.group(1) if match else ""

    def login(self):
        self.http.cookies.clear()
        answer = self.post("/login", {"csrf_token": self._csrf("/login"),
                                      "email": self.officer.email, "password": DEMO_PASSWORD})
        self._expect("login", answer, 302)

    def file_follow_up(self, placement_id):
        path = f"/placements/{placement_id}/uppfoljningar/ny"
        answer = self.post(path, {"csrf_token": self._csrf(path),
                                  "held_on": today().isoformat(),
                                  "participants": "klienten, utföraren",
                                  "outcome": "Uppföljning under belastning.", "next_due": ""})
        self._expect(f"POST {path}", answer, 302)

    def _expect(self, what, answer, status):
        if answer.status_code != status and answer.status_code < 500:
            with self.lock:
                self.outcome.errors.append((what, answer.status_code, answer.text[:200]))

    def step(self, number):
        placement = self.officer.placement_ids[number % len(self.officer.placement_ids)]
        api = {"Authorization": f"Bearer {self.officer.token}"}
        kind = number % 8
        if kind == 0:
            self.get(f"/placements/{placement}")
        elif kind == 1:
            self.get(f"/api/v1/placements/{placement}", headers=api)
        elif kind == 2:
            self.get("/placements/")
        elif kind in (3, 7):
            self.file_follow_up(placement)
        elif kind == 4:
            self.get("/api/v1/placements", headers=api)
        elif kind == 5:
            self.login()
        else:
            self.get(f"/placements/{placement}/tidslinje")


def run_team(base, officers, clients=8, steps=50, seconds=300):
    """Run `clients` clients of `steps` steps each; return the Outcome."""
    outcome, lock = Outcome(), threading.Lock()
    deadline = time.monotonic() + seconds

    def work(index):
        client = _Client(base, officers[index % len(officers)], outcome, lock)
        try:
            client.login()
            for number in range(steps):
                if time.monotonic() > deadline:
                    return
                client.step(number)
                with lock:
                    outcome.steps += 1
        except (requests.ConnectionError, requests.Timeout) as error:
            with lock:
                outcome.errors.append(("connection", 0, repr(error)[:200]))

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()) + REQUEST_SECONDS)
    outcome.seconds = time.monotonic() - started
    outcome.unfinished = sum(thread.is_alive() for thread in threads)
    return outcome


def summary(outcome):
    """One line for the test report and the README figure."""
    return (f"{outcome.responses} responses, {outcome.server_errors} >= 500, "
            f"{outcome.steps} steps in {outcome.seconds:.1f} s, statuses {dict(outcome.statuses)}")
