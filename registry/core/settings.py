"""The registry's settings, typed: defaults stated once, read as frozen dataclasses.

`registry/config.py` merges these defaults with REGISTRY_* environment variables and explicit
overrides and validates the result at start (a wrong value stops the app with a message);
the merged dict is the app's config["REGISTRY"]. Code reads it only through
`current_settings()` (or `settings_of(app)` outside a request), which returns a `Settings`:
one frozen value with a group per concern (auth, money, alerts, scheduler, mail).
This module is pure (no area imports) so every layer may use it.
"""

from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

from flask import current_app

ROOT = Path(__file__).resolve().parent.parent.parent
DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"

DEFAULTS = {
    "ENV_NAME": "development",  # development | production | test
    "DATABASE_URL": f"sqlite:///{ROOT / 'instance' / 'registry.sqlite3'}",
    # SQLite only: how long a request waits for the write lock before it answers 503.
    "SQLITE_BUSY_TIMEOUT_SECONDS": 30,
    "SECRET_KEY": None,
    "DEMO_PASSWORD": "demo-password-2026",
    "IDLE_TIMEOUT_MINUTES": 30,
    "ABSOLUTE_TIMEOUT_HOURS": 12,
    # Exports, user and role changes and claim decisions need a password entered this recently.
    "FRESH_LOGIN_MINUTES": 15,
    "LOGIN_MAX_FAILURES": 10,
    "LOGIN_FAILURE_WINDOW_MINUTES": 15,
    # Failed logins from one client address (an IPv6 /64), whatever accounts they tried,
    # before that address is refused for the rest of the window (auth/throttle.py).
    "LOGIN_IP_MAX_FAILURES": 30,
    "LOGIN_IP_WINDOW_MINUTES": 10,
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_ENABLED": True,
    "TRUSTED_HOSTS": "",
    "PROXY_HOPS": 0,
    "UPLOAD_DIR": str(ROOT / "instance" / "uploads"),
    "MAX_UPLOAD_MB": 20,
    # What one user may upload per Stockholm day, in files and megabytes (all documents).
    "UPLOAD_DAILY_FILES": 100,
    "UPLOAD_DAILY_MB": 200,
    "SMALL_NUMBER_THRESHOLD": 5,
    # Quality standing bands, LABEL:FROM-TO from the lowest; they must cover 0–100 exactly.
    "QUALITY_BANDS": "Låg:0-60;Godtagbar:60-80;Hög:80-100",
    # The address users open the registry at (the digest's link); required in production,
    # empty elsewhere means DEVELOPMENT_BASE_URL.
    "BASE_URL": "",
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
    # eligible day's rate, optional cap per day (0 = none). The window runs from the placement
    # start ("start") or from the day the last police criterion was met, if later ("criteria").
    "REIMBURSEMENT_WINDOW_MONTHS": 6,
    "REIMBURSEMENT_WINDOW_FROM": "start",
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


class ThresholdError(ValueError):
    """A stage list in the settings that cannot be used."""


def parse_stages(text):
    """Parse '180,90,30' into distinct positive whole numbers, least urgent first."""
    try:
        stages = [int(part) for part in str(text).split(",") if part.strip()]
    except ValueError as exc:
        raise ThresholdError("write whole numbers separated by commas, e.g. 180,90,30") from exc
    if not stages or any(stage < 1 for stage in stages) or len(set(stages)) != len(stages):
        raise ThresholdError("needs one or more distinct whole numbers of at least 1")
    return stages


def _stages_tuple(text):
    return tuple(sorted(parse_stages(text), reverse=True))


def _setting(key, parse=None):
    """Declare a field read from config["REGISTRY"][key], defaulting to DEFAULTS[key]."""
    default = DEFAULTS[key] if parse is None else parse(DEFAULTS[key])
    return field(default=default, metadata={"key": key, "parse": parse})


def _build(cls, config):
    values = {}
    for item in fields(cls):
        if "key" in item.metadata:
            raw = config[item.metadata["key"]]
            parse = item.metadata["parse"]
            values[item.name] = raw if parse is None else parse(raw)
        else:  # a group: a settings dataclass of its own
            values[item.name] = _build(item.type, config)
    return cls(**values)


@dataclass(frozen=True)
class AuthSettings:
    """Sessions, login throttling, password hashing and API tokens."""

    idle_timeout_minutes: int = _setting("IDLE_TIMEOUT_MINUTES")
    absolute_timeout_hours: int = _setting("ABSOLUTE_TIMEOUT_HOURS")
    fresh_login_minutes: int = _setting("FRESH_LOGIN_MINUTES")
    login_max_failures: int = _setting("LOGIN_MAX_FAILURES")
    login_failure_window_minutes: int = _setting("LOGIN_FAILURE_WINDOW_MINUTES")
    login_ip_max_failures: int = _setting("LOGIN_IP_MAX_FAILURES")
    login_ip_window_minutes: int = _setting("LOGIN_IP_WINDOW_MINUTES")
    password_hash_time_cost: int = _setting("PASSWORD_HASH_TIME_COST")
    password_hash_memory_kib: int = _setting("PASSWORD_HASH_MEMORY_KIB")
    api_token_days: int = _setting("API_TOKEN_DAYS")


@dataclass(frozen=True)
class MoneySettings:
    """Reimbursement window, share and cap, claim deadline and invoice tolerance."""

    window_months: int = _setting("REIMBURSEMENT_WINDOW_MONTHS")
    window_from: str = _setting("REIMBURSEMENT_WINDOW_FROM")  # "start" | "criteria"
    share_percent: int = _setting("REIMBURSEMENT_SHARE_PERCENT")
    daily_cap_ore: int = _setting("REIMBURSEMENT_DAILY_CAP_ORE")
    claim_deadline_days: int = _setting("CLAIM_DEADLINE_DAYS")
    invoice_tolerance_ore: int = _setting("INVOICE_TOLERANCE_ORE")


@dataclass(frozen=True)
class AlertThresholds:
    """The numbers the alert rules compare against (days ahead a rule warns)."""

    assessment_days: int = _setting("ALERT_ASSESSMENT_DAYS")
    agreement_days: tuple = _setting("ALERT_AGREEMENT_DAYS", _stages_tuple)  # most urgent last
    option_days: int = _setting("ALERT_OPTION_DAYS")
    period_ending_days: int = _setting("ALERT_PERIOD_ENDING_DAYS")
    window_days: int = _setting("ALERT_WINDOW_DAYS")


@dataclass(frozen=True)
class SchedulerSettings:
    """When the scheduler process runs its jobs, and how it holds its lock."""

    alerts_hour: int = _setting("SCHEDULER_ALERTS_HOUR")
    alerts_minute: int = _setting("SCHEDULER_ALERTS_MINUTE")
    digest_hour: int = _setting("SCHEDULER_DIGEST_HOUR")
    digest_last_hour: int = _setting("SCHEDULER_DIGEST_LAST_HOUR")
    digest_retry_minutes: int = _setting("SCHEDULER_DIGEST_RETRY_MINUTES")
    misfire_grace_seconds: int = _setting("SCHEDULER_MISFIRE_GRACE_SECONDS")
    lock_retry_seconds: int = _setting("SCHEDULER_LOCK_RETRY_SECONDS")
    lock_check_seconds: int = _setting("SCHEDULER_LOCK_CHECK_SECONDS")
    lock_file: str = _setting("SCHEDULER_LOCK_FILE")


@dataclass(frozen=True)
class MailSettings:
    """The SMTP server the digest is sent through."""

    digest_enabled: bool = _setting("DIGEST_ENABLED")
    smtp_host: str = _setting("SMTP_HOST")
    smtp_port: int = _setting("SMTP_PORT")
    smtp_use_tls: bool = _setting("SMTP_USE_TLS")
    smtp_username: str = _setting("SMTP_USERNAME")
    smtp_password: str = _setting("SMTP_PASSWORD")
    smtp_timeout_seconds: int = _setting("SMTP_TIMEOUT_SECONDS")
    mail_from: str = _setting("MAIL_FROM")


@dataclass(frozen=True)
class Settings:
    """Every registry setting; build it with `current_settings()` or `settings_of(app)`."""

    env_name: str = _setting("ENV_NAME")
    database_url: str = _setting("DATABASE_URL")
    sqlite_busy_timeout_seconds: int = _setting("SQLITE_BUSY_TIMEOUT_SECONDS")
    demo_password: str = _setting("DEMO_PASSWORD")
    base_url: str = _setting("BASE_URL")
    proxy_hops: int = _setting("PROXY_HOPS")
    upload_dir: str = _setting("UPLOAD_DIR")
    max_upload_mb: int = _setting("MAX_UPLOAD_MB")
    upload_daily_files: int = _setting("UPLOAD_DAILY_FILES")
    upload_daily_mb: int = _setting("UPLOAD_DAILY_MB")
    small_number_threshold: int = _setting("SMALL_NUMBER_THRESHOLD")
    quality_bands: str = _setting("QUALITY_BANDS")  # parsed by quality/scoring.py
    auth: AuthSettings = field(default_factory=AuthSettings)
    money: MoneySettings = field(default_factory=MoneySettings)
    alerts: AlertThresholds = field(default_factory=AlertThresholds)
    scheduler: SchedulerSettings = field(default_factory=SchedulerSettings)
    mail: MailSettings = field(default_factory=MailSettings)

    @property
    def production(self):
        return self.env_name == "production"

    @classmethod
    def from_config(cls, config):
        """Return the typed settings of a validated config["REGISTRY"] dict."""
        return _build(cls, config)


def settings_of(app):
    """Return `app`'s settings (for code that runs outside a request: app setup, scheduler)."""
    config = app.config["REGISTRY"]
    try:
        return _typed(tuple(config.items()))
    except TypeError:  # an unhashable override (never from the environment): build it afresh
        return Settings.from_config(config)


@lru_cache(maxsize=16)
def _typed(items):
    # Keyed by the values, so a test that changes one setting gets fresh settings.
    return Settings.from_config(dict(items))


def current_settings():
    """Return the running app's settings."""
    return settings_of(current_app)


def money_settings():
    """Return the running app's money settings."""
    return current_settings().money
