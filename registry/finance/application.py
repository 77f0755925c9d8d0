"""The application the police receive for one reimbursement claim, as a PDF (WeasyPrint).

It says what the police decide on: the claim's number and date, the municipality, the case
reference, the period, care days, the daily rate(s), the share and cap, the amount applied
for and the dates the police criteria were met. It names nobody: the case is known to the
police by its reference, and no user's name (who prepared or submitted it) is printed.
Rendered from our own template with every value escaped; WeasyPrint fetches no URL.
"""

from dataclasses import dataclass
from datetime import date

from flask import render_template

from registry.finance import calculations as calc
from registry.finance import reimbursement
from registry.placements.choices import POLICE_CRITERIA

TEMPLATE = "finance/application_pdf.html"


@dataclass(frozen=True)
class Application:
    """Everything the printed application shows (no names)."""

    number: str
    dated: date
    municipality: str
    case_reference: str
    police_reference: str | None
    first: date
    last: date
    days: int
    segments: list  # calc.Segment: days at one daily rate
    share_percent: int
    daily_cap_ore: int
    eligible_ore: int
    amount_ore: int
    criteria: list  # (label, date)
    window: reimbursement.Window
    window_from: str


def number_of(claim, municipality):
    """Return the claim's number as printed: the municipality's SCB code and the claim id."""
    return f"{municipality.scb_code}-{claim.id:06d}"


def application_of(claim, placement, municipality, plan, settings, on):
    """Return the Application of `claim` (dated the day it was submitted, else `on`)."""
    first, last = claim.period_start, claim.period_end
    return Application(
        number=number_of(claim, municipality), dated=claim.submitted_on or on,
        municipality=municipality.name, case_reference=placement.case_reference,
        police_reference=claim.police_reference, first=first, last=last,
        days=calc.care_days(plan, first, last), segments=calc.segments(plan, first, last),
        share_percent=settings.share_percent, daily_cap_ore=settings.daily_cap_ore,
        eligible_ore=reimbursement.eligible_amount(plan, first, last, settings),
        amount_ore=claim.amount_ore,
        criteria=[(text, getattr(placement, name)) for name, text in POLICE_CRITERIA.items()],
        window=reimbursement.window_of(placement, plan.start, settings),
        window_from=reimbursement.WINDOW_FROM_LABELS[settings.window_from])


def _no_fetching(url):
    raise ValueError(f"the application fetches no resources ({url[:40]})")


def render_pdf(application):
    """Return the PDF bytes of an Application."""
    from weasyprint import HTML  # imported on use: app start does not pay for it

    html = render_template(TEMPLATE, application=application)
    return HTML(string=html, url_fetcher=_no_fetching).write_pdf()


def file_name(application):
    """Return the download name, e.g. 'ansokan-polisen-0184-000012.pdf'."""
    return f"ansokan-polisen-{application.number}.pdf"
