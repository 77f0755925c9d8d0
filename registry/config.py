"""Settings: defaults, then REGISTRY_* environment variables, then explicit overrides."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """Raised at start when a setting is missing or invalid."""


DEFAULTS = {
    "ENV_NAME": "development",  # development | production | test
    "DATABASE_URL": f"sqlite:///{ROOT / 'instance' / 'registry.sqlite3'}",
    "SECRET_KEY": None,
    "DEMO_PASSWORD": "demo-password-2026",
    "IDLE_TIMEOUT_MINUTES": 30,
    "ABSOLUTE_TIMEOUT_HOURS": 12,
    # Exports, user and role changes and claim decisions need a password entered this recently.
    "FRESH_LOGIN_MINUTES": 15,
    "LOGIN_MAX_FAILURES": 10,
    "LOGIN_FAILURE_WINDOW_MINUTES": 15,
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_ENABLED": True,
    "TRUSTED_HOSTS": "",
    "PROXY_HOPS": 0,
    "UPLOAD_DIR": str(ROOT / "instance" / "uploads"),
    "MAX_UPLOAD_MB": 20,
    "SMALL_NUMBER_THRESHOLD": 5,
    # Quality standing bands, LABEL:FROM-TO from the lowest; they must cover 0–100 exactly.
    "QUALITY_BANDS": "Låg:0-60;Godtagbar:60-80;Hög:80-100",
    "BASE_URL": "http://127.0.0.1:5000",
    "SMTP_HOST": "127.0.0.1",
    "SMTP_PORT": 25,
    "SMTP_USE_TLS": False,
    "SMTP_USERNAME": "",
    "SMTP_PASSWORD": "",
    "MAIL_FROM": "bevakning@utforarregistret.invalid",
    "PASSWORD_HASH_TIME_COST": 3,
    "PASSWORD_HASH_MEMORY_KIB": 65536,
    # Police reimbursement (domain.md §4.1: the sources give the 6 months only as a
    # practitioner's quote and no share): window from the placement start, share of each
    # eligible day's rate, optional cap per day (0 = none).
    "REIMBURSEMENT_WINDOW_MONTHS": 6,
    "REIMBURSEMENT_SHARE_PERCENT": 100,
    "REIMBURSEMENT_DAILY_CAP_ORE": 0,
    # Days after the eligible window ends by which its claims should be submitted.
    "CLAIM_DEADLINE_DAYS": 90,
    # An invoice amount may differ this much from days × rate before it is flagged.
    "INVOICE_TOLERANCE_ORE": 100,
    # Alerts (DESIGN.md §3): how many days ahead a rule warns; agreement_expiring lists its
    # stages, the last the most urgent. (The permit, ceiling, plan and deviation limits are
    # their owners' constants: providers/status.py, finance/ceiling.py, placements/rules.py.)
    "ALERT_ASSESSMENT_DAYS": 30,
    "ALERT_AGREEMENT_DAYS": "180,90,30",
    "ALERT_OPTION_DAYS": 60,
    "ALERT_PERIOD_ENDING_DAYS": 30,
    "ALERT_WINDOW_DAYS": 30,
    # The scheduler process (Europe/Stockholm times). The digest goes out from DIGEST_HOUR
    # and unsent digests are retried every RETRY minutes until DIGEST_LAST_HOUR.
    "SCHEDULER_ALERTS_HOUR": 5,
    "SCHEDULER_ALERTS_MINUTE": 30,
    "SCHEDULER_DIGEST_HOUR": 7,
    "SCHEDULER_DIGEST_LAST_HOUR": 20,
    "SCHEDULER_DIGEST_RETRY_MINUTES": 30,
    "SCHEDULER_MISFIRE_GRACE_SECONDS": 3600,
    "SCHEDULER_LOCK_RETRY_SECONDS": 15,
    "SCHEDULER_LOCK_CHECK_SECONDS": 60,
    "SCHEDULER_LOCK_FILE": "",  # SQLite only; empty: beside the database file
    "DIGEST_ENABLED": True,
    "SMTP_TIMEOUT_SECONDS": 10,
    # JSON API (/api/v1): personal tokens expire after this many days.
    "API_TOKEN_DAYS": 90,
}

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
                "SMALL_NUMBER_THRESHOLD", "MAX_UPLOAD_MB"):
        if settings[key] < 1:
            raise ConfigError(f"REGISTRY_{key} must be at least 1")
    if not 1 <= settings["FRESH_LOGIN_MINUTES"] <= 720:
        raise ConfigError("REGISTRY_FRESH_LOGIN_MINUTES must be between 1 and 720")
    if not 0 <= settings["PROXY_HOPS"] <= 3:
        raise ConfigError("REGISTRY_PROXY_HOPS must be between 0 and 3")
    _validate_money(settings)
    _validate_alerts(settings)
    _validate_api(settings)
    _validate_quality_bands(settings["QUALITY_BANDS"])


def _validate_quality_bands(text):
    from registry.quality.scoring import BandError, parse_bands  # pure module, no app imports

    try:
        parse_bands(text)
    except BandError as exc:
        raise ConfigError(f"REGISTRY_QUALITY_BANDS: {exc}") from exc


def _validate_money(settings):
    if not 1 <= settings["REIMBURSEMENT_WINDOW_MONTHS"] <= 60:
        raise ConfigError("REGISTRY_REIMBURSEMENT_WINDOW_MONTHS must be between 1 and 60")
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
    from registry.alerts.thresholds import ThresholdError, parse_stages  # pure, no app imports

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


def flask_config(settings):
    """Translate registry settings into the Flask and extension keys."""
    production = settings["ENV_NAME"] == "production"
    secret = settings["SECRET_KEY"] or _dev_secret()
    hosts = [h.strip() for h in settings["TRUSTED_HOSTS"].split(",") if h.strip()]
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
