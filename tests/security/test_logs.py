"""A8: the application log holds no personal data and cannot be forged by typed input.

Adapted: the registry stores no name or personnummer, so "personal data" in the log means
e-mail addresses of users, personnummer typed by mistake, case references and free text
(report texts, comments). The audit trail is a database table (tests/core/test_audit.py), not
the log, so no log line needs an e-mail address: the log names ids, counts and error types.
"""

import logging
import re
from datetime import timedelta

import pytest

from registry.app import create_app
from registry.core.dates import today
from registry.core.logs import SafeFormatter, scrub
from tests.conftest import TEST_SECRET, csrf_token, login, post
from tests.placements.conftest import line  # noqa: F401 - the fixture, shared

pytestmark = pytest.mark.checklist("A8")

SOLNA = ("case_officer", "solna")
FINANCE = ("finance", "solna")
CASE_REFERENCE = "SLN-LOGG-4711"
FREE_TEXT = "Hemlig-fritext-som-aldrig-loggas"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PERSONNUMMER = re.compile(r"(?<!\d)(\d{2})?\d{6}[-+]?\d{4}(?!\d)")


def _placement_data(agreement, provider, service):
    return {"case_reference": CASE_REFERENCE, "support_category": "leaving_with_protection",
            "age_band": "21_25", "service_type_id": str(service.id),
            "provider_id": str(provider.id), "agreement_id": str(agreement.id),
            "start_date": (today() - timedelta(days=40)).isoformat()}


def _representative_requests(app, line_):
    """Log in (and fail to), register a placement and a report with text, export, fail once."""
    client = app.test_client()
    login(client, SOLNA, "fel-lösenord-helt-enkelt")
    login(client, "okand.person@test.invalid", "fel-lösenord-helt-enkelt")
    assert login(client, SOLNA).status_code == 302
    agreement, provider, service, _item = line_
    response = post(client, "/placements/ny", _placement_data(agreement, provider, service),
                    token_from="/placements/ny")
    assert response.status_code == 302
    placement_path = response.headers["Location"]
    report_path = f"{placement_path}/rapporter/ny"
    html = client.get(report_path).get_data(as_text=True)
    month = re.search(r'<option value="(\d{4}-\d{2}-01)"', html).group(1)
    response = post(client, report_path, {
        "month": month, "source": "provider", "received_on": today().isoformat(),
        "report_text": FREE_TEXT}, token_from=report_path)
    assert response.status_code == 302
    post(client, report_path, {"month": month, "source": "provider",
                               "received_on": today().isoformat(),
                               "report_text": "Klienten 19850709-9805"}, token_from=report_path)
    client.get("/placements/4711000")  # a 404
    client.post("/placements/ny", data={"case_reference": CASE_REFERENCE})  # no CSRF token
    assert client.get("/placements/export").status_code in (200, 302)
    finance = app.test_client()
    assert login(finance, FINANCE).status_code == 302
    assert finance.get("/finance/export/invoices.xlsx").status_code in (200, 302)


def test_a_representative_session_logs_nothing_personal(app, caplog, line):  # noqa: F811
    caplog.set_level(logging.DEBUG)
    _representative_requests(app, line)
    assert caplog.records, "the run should log something (at least the CSRF refusal)"
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "")
        assert not EMAIL.search(text), f"{record.name}: {text}"
        assert not PERSONNUMMER.search(text), f"{record.name}: {text}"
        assert CASE_REFERENCE not in text and FREE_TEXT not in text, f"{record.name}: {text}"


def test_a_forged_line_in_the_login_form_stays_on_one_line(app, caplog):
    caplog.set_level(logging.DEBUG)
    client = app.test_client()
    token = csrf_token(client, "/login")
    client.post("/login", data={"email": "x\nFAKE ENTRY", "password": "p\r\nINFO admin ok",
                                "csrf_token": token})
    logger = logging.getLogger("registry.test")
    logger.warning("login refused for %s", "x\nFAKE ENTRY")  # as a careless call would log it
    formatter = SafeFormatter("%(levelname)s %(name)s %(message)s")
    for record in caplog.records:
        assert "\n" not in formatter.format(record) and "\r" not in formatter.format(record)
    forged = formatter.format(caplog.records[-1])
    assert forged.endswith("login refused for x\\nFAKE ENTRY")


def test_a_traceback_is_one_line_too():
    try:
        raise ValueError("bad value\nFAKE ENTRY")
    except ValueError:
        record = logging.LogRecord("registry", logging.ERROR, __file__, 1, "incident %s",
                                   ("abc",), exc_info=__import__("sys").exc_info())
    line_ = SafeFormatter("%(message)s").format(record)
    assert "\n" not in line_ and "Traceback" in line_ and "bad value\\nFAKE ENTRY" in line_


@pytest.mark.parametrize(("text", "scrubbed"), [
    ("user admin@kommun.se logged in", "user <e-post> logged in"),
    ("case_officer.solna@test.invalid", "<e-post>"),
    ("pnr 19850709-9805 and 850709+9805", "pnr <personnummer> and <personnummer>"),
    ("a\r\nb\u2028c", "a\\r\\nb\\u2028c"),
    ("job alerts.run_rules for 2026-11-22 failed", "job alerts.run_rules for 2026-11-22 failed"),
])
def test_scrub_masks_addresses_and_numbers_and_escapes_breaks(text, scrubbed):
    assert scrub(text) == scrubbed


@pytest.mark.no_db
def test_a_deployed_app_logs_through_the_safe_formatter(database_url, monkeypatch):
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])
    monkeypatch.setattr(root, "level", root.level)
    create_app({"ENV_NAME": "development", "DATABASE_URL": database_url,
                "SECRET_KEY": TEST_SECRET, "RATELIMIT_ENABLED": False})
    assert root.handlers
    assert all(isinstance(handler.formatter, SafeFormatter) for handler in root.handlers)
