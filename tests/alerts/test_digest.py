"""The e-mail digest against a real SMTP server: it arrives, it names no case, it is sent once,
and with the server down it waits and goes out once the server is back."""

import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from registry.alerts import jobs
from registry.alerts.digest import compose
from registry.alerts.models import DigestDelivery, JobRun
from registry.app import create_app
from registry.extensions import db
from tests import factories
from tests.alerts.smtp import SmtpServer
from tests.conftest import TEST_SECRET

TODAY = date(2026, 11, 22)
README = Path(__file__).resolve().parents[2] / "README.md"
SECRET_REFERENCE = "HEMLIG-REF-4711"


@pytest.fixture
def smtp(app, monkeypatch):
    server = SmtpServer()
    server.start()
    monkeypatch.setitem(app.config["REGISTRY"], "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config["REGISTRY"], "SMTP_PORT", server.port)
    monkeypatch.setitem(app.config["REGISTRY"], "SMTP_TIMEOUT_SECONDS", 5)
    yield server
    server.stop()


@pytest.fixture
def town():
    """A municipality of its own with one case officer and one purchaser."""
    found = factories.municipality()
    factories.user("purchaser", found)
    return found


@pytest.fixture
def officer(town):
    return factories.user("case_officer", town)


@pytest.fixture
def solna_alerts(clock, town, officer):
    """Two open alerts for the town's case officers about a placement with a telling reference."""
    clock(TODAY)
    placement = factories.placement(town, case_reference=SECRET_REFERENCE,
                                    daily_rate_ore=512_300)
    for rule in ("plan_missing", "report_missing"):
        factories.alert(rule=rule, subject_type="placement", subject_id=placement.id,
                        municipality_id=town.id, audience="case_officer",
                        due_date=date(2026, 11, 1))
    return placement


def _deliveries():
    query = select(DigestDelivery).where(DigestDelivery.digest_date == TODAY)
    return list(db.session.scalars(query.execution_options(populate_existing=True)))


def test_the_digest_arrives_with_counts_and_a_link_and_no_case_data(smtp, solna_alerts, officer):
    run = jobs.send_digests()
    assert run.status == "succeeded", run.error
    assert smtp.messages, "no digest arrived"
    recipients = {m["To"] for m in smtp.messages}
    assert officer.email in recipients
    assert recipients == {officer.email}
    message = smtp.messages[0]
    body = message.get_content()
    assert "Genomförandeplan saknas: 1" in body
    assert "Månadsrapport saknas: 1" in body
    assert "http://127.0.0.1:5000/alerts/" in body
    raw = message.as_string()
    assert SECRET_REFERENCE not in raw
    assert solna_alerts.provider.legal_name not in raw
    assert "5 123" not in raw and "kr" not in body


def test_a_sent_digest_is_never_sent_twice(smtp, solna_alerts):
    jobs.send_digests()
    sent = len(smtp.messages)
    assert jobs.send_digests() is None  # nothing left to do: not even recorded
    assert len(smtp.messages) == sent
    assert all(d.sent_at is not None for d in _deliveries())


def test_with_the_server_down_the_digest_waits_and_goes_out_once_it_is_back(smtp, solna_alerts,
                                                                           officer):
    smtp.stop()
    failed = jobs.send_digests()
    assert failed.status == "failed"
    assert "SMTP" in failed.error and failed.counts["failed"] == 1
    waiting = _deliveries()
    assert [(d.sent_at, d.attempts) for d in waiting] == [(None, 1)]
    smtp.start()
    assert jobs.send_digests().status == "succeeded"
    assert jobs.send_digests() is None
    to_solna = [m for m in smtp.messages if m["To"] == officer.email]
    assert len(to_solna) == 1
    assert all(d.sent_at is not None for d in _deliveries())


def test_users_without_open_alerts_get_nothing(smtp, clock):
    clock(TODAY)
    assert jobs.send_digests() is None
    assert smtp.messages == []


def test_the_digest_can_be_switched_off(smtp, solna_alerts, app, monkeypatch):
    monkeypatch.setitem(app.config["REGISTRY"], "DIGEST_ENABLED", False)
    assert jobs.send_digests() is None
    assert smtp.messages == []
    assert db.session.scalar(select(JobRun).where(JobRun.job == "digest")) is None


def test_the_message_names_rules_and_counts_only():
    message = compose(SimpleNamespace(email="x@example.se"),
                      {"report_missing": 2, "deviation_open": 1}, TODAY,
                      "https://registret.example.se/alerts/", "bevakning@example.se")
    assert message["Subject"] == ("Utförarregistret Nordväst: 3 öppna bevakningar "
                                  "2026-11-22")
    assert "Månadsrapport saknas: 2" in message.get_content()


def readme_production_environment():
    """Return the REGISTRY_* variables the README's production example exports."""
    text = README.read_text(encoding="utf-8")
    example = text.split("## Running in production", 1)[1].split("```sh", 1)[1]
    return dict(re.findall(r"^export (REGISTRY_\w+)=(\S+)", example.split("```", 1)[0],
                           re.MULTILINE))


@pytest.mark.checklist("R3")
def test_the_readme_production_setup_sends_a_digest_linking_to_its_base_url(
        smtp, solna_alerts, officer, database_url, monkeypatch):
    environment = readme_production_environment()
    assert environment["REGISTRY_ENV_NAME"] == "production"
    assert environment["REGISTRY_TRUSTED_HOSTS"]
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("REGISTRY_SECRET_KEY", TEST_SECRET)  # the README draws one with $(…)
    reader = officer.email
    db.session.commit()  # into the test's transaction: a new app and its context close the session
    # Only what leaves this machine changes: the database, the mail server, the rate store.
    production = create_app({"DATABASE_URL": database_url, "SMTP_HOST": "127.0.0.1",
                             "SMTP_PORT": smtp.port, "RATELIMIT_STORAGE_URI": "memory://",
                             "RATELIMIT_ENABLED": False})
    assert production.config["TRUSTED_HOSTS"]
    with production.app_context():
        run = jobs.send_digests(TODAY)
        assert run.status == "succeeded", run.error
    [message] = smtp.messages
    assert message["To"] == reader
    assert message["Auto-Submitted"] == "auto-generated"
    link = re.search(r"Se dem och kvittera här: (\S+)", message.get_content()).group(1)
    assert link == f"{environment['REGISTRY_BASE_URL']}/alerts/"
    assert link.startswith("https://registret.example.se/")


def test_a_base_url_with_a_path_prefix_keeps_it_in_the_link(smtp, solna_alerts, app,
                                                           monkeypatch):
    monkeypatch.setitem(app.config["REGISTRY"], "BASE_URL",
                        "https://kommun.example.se:8443/registret/")
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", ["kommun.example.se"])
    assert jobs.send_digests().status == "succeeded"
    assert "https://kommun.example.se:8443/registret/alerts/" in smtp.messages[0].get_content()


def test_a_refused_message_is_retried_and_an_unknown_one_is_not(smtp, solna_alerts, officer,
                                                                 monkeypatch):
    from registry.alerts import digest

    def refuse(self, message):
        raise digest.NotSent("550 mailbox unavailable")

    monkeypatch.setattr(digest.Mailer, "send", refuse)
    assert jobs.send_digests().status == "failed"
    assert [d.status for d in _deliveries()] == ["failed"]

    def lose(self, message):
        raise digest.MaybeSent("connection dropped after DATA")

    monkeypatch.setattr(digest.Mailer, "send", lose)
    assert jobs.send_digests().status == "failed"
    assert [(d.status, d.attempts) for d in _deliveries()] == [("sending", 2)]
    monkeypatch.undo()
    assert jobs.send_digests() is None  # a digest that may have gone out is not sent again
    assert smtp.messages == []


def test_send_digest_from_the_command_line(smtp, solna_alerts, officer, app):
    def send(*args):
        return app.test_cli_runner().invoke(args=["registry", "send-digest", *args])

    result = send("--as-of", "2026-11-22")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("E-postsammanfattning för 2026-11-22: skickade ")
    assert officer.email in {m["To"] for m in smtp.messages}
    again = send("--as-of", "2026-11-22")
    assert again.output == "Ingen e-postsammanfattning att skicka för 2026-11-22.\n"
    assert send("--as-of", "22 nov").exit_code != 0


def test_send_digest_says_when_the_digest_is_off_or_the_server_is_down(smtp, solna_alerts,
                                                                         app, monkeypatch):
    smtp.stop()
    result = app.test_cli_runner().invoke(args=["registry", "send-digest"])
    assert result.exit_code == 1
    assert "blev inte klar" in result.output and "SMTP: ConnectionRefusedError" in result.output
    monkeypatch.setitem(app.config["REGISTRY"], "DIGEST_ENABLED", False)
    result = app.test_cli_runner().invoke(args=["registry", "send-digest"])
    assert (result.exit_code, "avstängd" in result.output) == (1, True)
