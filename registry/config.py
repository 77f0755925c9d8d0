"""Settings: defaults (core/settings.py), then REGISTRY_* environment variables, then explicit
overrides; validated here, at start. Code reads them typed, through core/settings.py."""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from werkzeug.sansio.utils import host_is_trusted

from registry.core.settings import (  # noqa: F401 - DEFAULTS is read here and by tests
    DEFAULTS,
    DEVELOPMENT_BASE_URL,
    ROOT,
    Settings,
    ThresholdError,
    parse_stages,
)


class ConfigError(RuntimeError):
    """Raised at start when a setting is missing or invalid."""


_TYPES = {key: type(value) for key, value in DEFAULTS.items() if value is not None}
_TYPES["SECRET_KEY"] = str
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _coerce(key, raw):
    kind = _TYPES[key]
    if kind is bool:
        text = str(raw).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ConfigError(f"REGISTRY_{key} must be true or false, got {raw!r}")
    if kind is int:
        try:
            return int(raw)
        except ValueError as exc:
            raise ConfigError(f"REGISTRY_{key} must be a whole number, got {raw!r}") from exc
    return str(raw)


def load_settings(overrides=None, environ=None):
    """Return the merged settings dict, validated."""
    environ = os.environ if environ is None else environ
    settings = dict(DEFAULTS)
    for key in DEFAULTS:
        if f"REGISTRY_{key}" in environ:
            settings[key] = _coerce(key, environ[f"REGISTRY_{key}"])
    for key, value in (overrides or {}).items():
        settings[key] = value
    _validate(settings)
    settings["BASE_URL"] = settings["BASE_URL"] or DEVELOPMENT_BASE_URL
    Settings.from_config(settings)  # every setting has its typed place
    return settings


def _validate(settings):
    if settings["ENV_NAME"] not in {"development", "production", "test"}:
        raise ConfigError("REGISTRY_ENV_NAME must be development, production or test")
    if settings["ENV_NAME"] == "production":
        if not settings["SECRET_KEY"] or len(settings["SECRET_KEY"]) < 32:
            raise ConfigError("REGISTRY_SECRET_KEY must be set (32+ characters) in production")
        if not settings["TRUSTED_HOSTS"]:
            raise ConfigError("REGISTRY_TRUSTED_HOSTS must list the host names in production")
    url = settings["DATABASE_URL"]
    if not url.startswith(("sqlite:", "postgresql")):
        raise ConfigError("REGISTRY_DATABASE_URL must be a sqlite: or postgresql+psycopg: URL")
    for key in ("IDLE_TIMEOUT_MINUTES", "ABSOLUTE_TIMEOUT_HOURS", "LOGIN_MAX_FAILURES",
                "LOGIN_FAILURE_WINDOW_MINUTES", "LOGIN_IP_MAX_FAILURES", "LOGIN_IP_WINDOW_MINUTES",
                "SMALL_NUMBER_THRESHOLD", "MAX_UPLOAD_MB", "SQLITE_BUSY_TIMEOUT_SECONDS",
                "UPLOAD_DAILY_FILES", "UPLOAD_DAILY_MB"):
        if settings[key] < 1:
            raise ConfigError(f"REGISTRY_{key} must be at least 1")
    if not 1 <= settings["FRESH_LOGIN_MINUTES"] <= 720:
        raise ConfigError("REGISTRY_FRESH_LOGIN_MINUTES must be between 1 and 720")
    if not 0 <= settings["PROXY_HOPS"] <= 3:
        raise ConfigError("REGISTRY_PROXY_HOPS must be between 0 and 3")
    _validate_base_url(settings)
    _validate_money(settings)
    _validate_alerts(settings)
    _validate_api(settings)
    _validate_quality_bands(settings["QUALITY_BANDS"])


def _validate_base_url(settings):
    """BASE_URL: an absolute http(s) address; in production required, https, a trusted host."""
    url, production = settings["BASE_URL"], settings["ENV_NAME"] == "production"
    example = "e.g. https://registret.example.se"
    if not url:
        if production:
            raise ConfigError("REGISTRY_BASE_URL must be set in production: the address users "
                              f"open the registry at ({example}); the e-mail digest links to it")
        return
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError as exc:
        raise ConfigError(f"REGISTRY_BASE_URL has an invalid port: {url!r}") from exc
    if (parts.scheme not in ("http", "https") or not parts.hostname or parts.query
            or parts.fragment or parts.username or parts.password):
        raise ConfigError(f"REGISTRY_BASE_URL must be an absolute http(s) address ({example}), "
                          f"got {url!r}")
    if production and parts.scheme != "https":
        raise ConfigError("REGISTRY_BASE_URL must start with https:// in production "
                          "(the session cookie is sent over HTTPS only)")
    hosts = trusted_hosts(settings)
    if hosts and not host_is_trusted(parts.netloc, hosts):
        raise ConfigError(f"REGISTRY_BASE_URL's host {parts.hostname} must be one of "
                          "REGISTRY_TRUSTED_HOSTS, or its links are refused")


def _validate_quality_bands(text):
    from registry.quality.scoring import BandError, parse_bands  # pure module, no app imports

    try:
        parse_bands(text)
    except BandError as exc:
        raise ConfigError(f"REGISTRY_QUALITY_BANDS: {exc}") from exc


def _validate_money(settings):
    if not 1 <= settings["REIMBURSEMENT_WINDOW_MONTHS"] <= 60:
        raise ConfigError("REGISTRY_REIMBURSEMENT_WINDOW_MONTHS must be between 1 and 60")
    if settings["REIMBURSEMENT_WINDOW_FROM"] not in ("start", "criteria"):
        raise ConfigError('REGISTRY_REIMBURSEMENT_WINDOW_FROM must be "start" or "criteria"')
    if not 1 <= settings["REIMBURSEMENT_SHARE_PERCENT"] <= 100:
        raise ConfigError("REGISTRY_REIMBURSEMENT_SHARE_PERCENT must be between 1 and 100")
    for key in ("REIMBURSEMENT_DAILY_CAP_ORE", "INVOICE_TOLERANCE_ORE"):
        if settings[key] < 0:
            raise ConfigError(f"REGISTRY_{key} must be 0 or more (öre)")
    if settings["CLAIM_DEADLINE_DAYS"] < 1:
        raise ConfigError("REGISTRY_CLAIM_DEADLINE_DAYS must be at least 1")


def _validate_api(settings):
    if not 1 <= settings["API_TOKEN_DAYS"] <= 366:
        raise ConfigError("REGISTRY_API_TOKEN_DAYS must be between 1 and 366")


def _validate_alerts(settings):
    try:
        parse_stages(settings["ALERT_AGREEMENT_DAYS"])
    except ThresholdError as exc:
        raise ConfigError(f"REGISTRY_ALERT_AGREEMENT_DAYS: {exc}") from exc
    for key in ("ALERT_ASSESSMENT_DAYS", "ALERT_OPTION_DAYS", "ALERT_PERIOD_ENDING_DAYS",
                "ALERT_WINDOW_DAYS", "SCHEDULER_LOCK_RETRY_SECONDS", "SCHEDULER_LOCK_CHECK_SECONDS",
                "SMTP_TIMEOUT_SECONDS"):
        if not 1 <= settings[key] <= 3650:
            raise ConfigError(f"REGISTRY_{key} must be between 1 and 3650")
    if settings["SCHEDULER_MISFIRE_GRACE_SECONDS"] < 3600:
        raise ConfigError("REGISTRY_SCHEDULER_MISFIRE_GRACE_SECONDS must be at least 3600")
    # Around a DST change the night hours are skipped, repeated or (APScheduler 3.11, hour 0)
    # jump a day, so the daily run keeps to 03:00-23:59 (tests/alerts/test_scheduler.py).
    if not 3 <= settings["SCHEDULER_ALERTS_HOUR"] <= 23 or not (
            0 <= settings["SCHEDULER_ALERTS_MINUTE"] <= 59):
        raise ConfigError("REGISTRY_SCHEDULER_ALERTS_HOUR must be 3-23 and "
                          "REGISTRY_SCHEDULER_ALERTS_MINUTE 0-59")
    if not 0 <= settings["SCHEDULER_DIGEST_HOUR"] <= settings["SCHEDULER_DIGEST_LAST_HOUR"] <= 23:
        raise ConfigError("REGISTRY_SCHEDULER_DIGEST_HOUR must be 0-23 and not after "
                          "REGISTRY_SCHEDULER_DIGEST_LAST_HOUR")
    if settings["SCHEDULER_DIGEST_RETRY_MINUTES"] not in (5, 10, 15, 20, 30, 60):
        raise ConfigError("REGISTRY_SCHEDULER_DIGEST_RETRY_MINUTES must divide the hour "
                          "(5, 10, 15, 20, 30 or 60)")


def trusted_hosts(settings):
    """Return TRUSTED_HOSTS as a list of host names."""
    return [h.strip() for h in settings["TRUSTED_HOSTS"].split(",") if h.strip()]


def flask_config(settings):
    """Translate registry settings into the Flask and extension keys."""
    production = settings["ENV_NAME"] == "production"
    secret = settings["SECRET_KEY"] or _dev_secret()
    hosts = trusted_hosts(settings)
    url = settings["DATABASE_URL"]
    if url.startswith("sqlite:///") and ":memory:" not in url:
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine_options = {"pool_pre_ping": True}
    return {
        "REGISTRY": settings,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
        "SQLALCHEMY_RECORD_QUERIES": False,
        "TESTING": settings["ENV_NAME"] == "test",
        "TRUSTED_HOSTS": hosts or None,
        "SESSION_COOKIE_NAME": "__Host-session" if production else "session",
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # The cookie lives as long as the absolute limit; the server enforces the idle limit
        # (core/security.py), so an idle user is told why they must log in again.
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=settings["ABSOLUTE_TIMEOUT_HOURS"]),
        "REMEMBER_COOKIE_DURATION": timedelta(seconds=0),
        "MAX_CONTENT_LENGTH": settings["MAX_UPLOAD_MB"] * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "sv",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Stockholm",
        "RATELIMIT_STORAGE_URI": settings["RATELIMIT_STORAGE_URI"],
        "RATELIMIT_HEADERS_ENABLED": False,
        "RATELIMIT_ENABLED": settings["RATELIMIT_ENABLED"],
    }


def _dev_secret():
    """Keep one random key per instance folder so dev restarts keep sessions."""
    path = ROOT / "instance" / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
