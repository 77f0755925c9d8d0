"""The money settings (registry/config.py) as one typed value."""

from dataclasses import dataclass

from flask import current_app


@dataclass(frozen=True)
class MoneySettings:
    """Reimbursement window, share and cap, claim deadline and invoice tolerance."""

    window_months: int = 6
    share_percent: int = 100
    daily_cap_ore: int = 0
    claim_deadline_days: int = 90
    invoice_tolerance_ore: int = 100


def money_settings():
    """Return the running app's money settings."""
    config = current_app.config["REGISTRY"]
    return MoneySettings(
        window_months=config["REIMBURSEMENT_WINDOW_MONTHS"],
        share_percent=config["REIMBURSEMENT_SHARE_PERCENT"],
        daily_cap_ore=config["REIMBURSEMENT_DAILY_CAP_ORE"],
        claim_deadline_days=config["CLAIM_DEADLINE_DAYS"],
        invoice_tolerance_ore=config["INVOICE_TOLERANCE_ORE"])
