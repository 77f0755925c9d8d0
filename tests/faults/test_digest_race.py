"""Ten digest runs at once send each user one message, over real SMTP (checklist S3, PG).

The alert side of S3 (ten parallel rule runs, and two runs in a row) is proven in
tests/alerts; this is the side effect that leaves the system: the e-mail.
"""

import threading
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from registry.alerts import jobs
from registry.alerts.models import DigestDelivery
from registry.alerts.runner import run_rules
from registry.core.settings import settings_of
from registry.extensions import db
from tests.alerts.smtp import SmtpServer
from tests.faults.conftest import postgres_only

pytestmark = [*postgres_only, pytest.mark.checklist("S3")]

ON = date(2026, 11, 22)
THREADS = 10


@pytest.fixture
def smtp(fault_app, monkeypatch):
    server = SmtpServer()
    server.start()
    settings = fault_app.config["REGISTRY"]
    for key, value in (("SMTP_HOST", "127.0.0.1"), ("SMTP_PORT", server.port),
                       ("SMTP_TIMEOUT_SECONDS", 10), ("DIGEST_ENABLED", True)):
        monkeypatch.setitem(settings, key, value)
    yield server
    server.stop()


def _sent_deliveries(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(DigestDelivery).where(
            DigestDelivery.digest_date == ON, DigestDelivery.sent_at.is_not(None)))


def test_ten_parallel_digest_runs_send_each_user_one_message(fault_app, smtp):
    with fault_app.app_context():
        run_rules(ON, settings_of(fault_app))
        db.session.commit()
    barrier, runs = threading.Barrier(THREADS), []

    def work():
        with fault_app.app_context():
            barrier.wait()
            run = jobs.send_digests(ON)
            runs.append((run.status, run.error, run.counts["sent"]))

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert [status for status, _, _ in runs] == ["succeeded"] * THREADS, runs
    per_user = Counter(message["To"] for message in smtp.messages)
    assert per_user, "the demo alerts give some users a digest"
    assert set(per_user.values()) == {1}
    assert sum(sent for _, _, sent in runs) == len(per_user) == _sent_deliveries(fault_app)

    with fault_app.app_context():
        assert jobs.send_digests(ON) is None  # a run in a row finds nothing left to send
    assert len(smtp.messages) == len(per_user)
