"""Jinja filters and globals: Swedish money, numbers and dates, labels for coded values."""

from datetime import date, datetime

from babel.dates import format_date as babel_format_date

from registry.core.dates import STOCKHOLM
from registry.core.enums import NO_VALUE
from registry.core.money import (
    UNIT_LABELS,
    UNIT_QUANTITY,
    format_money,
    format_number,
    format_rate,
)


def format_day(value):
    """Dates as 2026-11-22 (ISO, as Swedish users write them)."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = value.replace(tzinfo=STOCKHOLM) if value.tzinfo else value
        return value.strftime("%Y-%m-%d %H:%M")
    return babel_format_date(value, "yyyy-MM-dd", locale="sv_SE")


def format_month(value):
    """A month as 'november 2026'."""
    if value is None:
        return "–"
    return babel_format_date(value, "LLLL yyyy", locale="sv_SE")


def label(value, kind):
    """Return the Swedish label of a coded value, or a dash: `value | label(Kind)`.

    `kind` is a labelled enum (core/enums.py), or a function from value to label (the alert
    rules name their labels themselves).
    """
    if value is None:
        return NO_VALUE
    if hasattr(kind, "label_of"):
        return kind.label_of(value)
    return kind(value)


def register_template_helpers(app):
    app.add_template_filter(format_money, "money")
    app.add_template_filter(format_rate, "rate")
    app.add_template_filter(format_number, "number")
    app.add_template_filter(format_day, "day")
    app.add_template_filter(format_month, "month")
    app.add_template_filter(label, "label")
    app.add_template_global(date, "date")
    app.add_template_global(UNIT_LABELS, "unit_labels")
    app.add_template_global(UNIT_QUANTITY, "unit_quantity")
