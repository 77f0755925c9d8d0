"""An agreement's status, derived from its dates and exercised options (never stored)."""

from registry.core.dates import add_months
from registry.core.enums import LabelledEnum


class AgreementStatus(LabelledEnum):
    UPCOMING = "upcoming", "Kommande"
    ACTIVE = "active", "Aktivt"
    OPTION_PERIOD = "option_period", "I förlängningsperiod"
    EXPIRED = "expired", "Upphört"


# Statuses in which the agreement can be called off today.
IN_FORCE = (AgreementStatus.ACTIVE, AgreementStatus.OPTION_PERIOD)


def effective_end(end_date, exercised_months):
    """Return the end date after the exercised options, applied one after another."""
    day = end_date
    for months in exercised_months:
        day = add_months(day, months)
    return day


def agreement_status(start_date, end_date, exercised_months, on):
    """Return the status on day `on`; start and end days both belong to their period."""
    if on < start_date:
        return AgreementStatus.UPCOMING
    if on <= end_date:
        return AgreementStatus.ACTIVE
    if on <= effective_end(end_date, exercised_months):
        return AgreementStatus.OPTION_PERIOD
    return AgreementStatus.EXPIRED


def exercised_option_months(options):
    """Return the lengths of the options exercised in order, stopping at the first that was not."""
    months = []
    for option in sorted(options, key=lambda o: o.sequence):
        if option.decision != "exercised":
            break
        months.append(option.length_months)
    return months
