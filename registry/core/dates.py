"""Date helpers: the registry works in Europe/Stockholm dates and naive UTC timestamps."""

import calendar
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def utcnow():
    """Return the current time as a naive UTC datetime (as stored in the database)."""
    return datetime.now(UTC).replace(tzinfo=None)


def today():
    """Return today's date in Stockholm."""
    return datetime.now(STOCKHOLM).date()


def add_months(day, months):
    """Return the same day `months` later, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def month_start(day):
    """Return the first day of the month that `day` lies in."""
    return day.replace(day=1)


def parse_iso_date(text):
    """Parse YYYY-MM-DD or raise ValueError with a Swedish message."""
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError as exc:
        raise ValueError("Ange datum som ÅÅÅÅ-MM-DD.") from exc
