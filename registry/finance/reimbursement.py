"""Police reimbursement rules (pure): eligibility, the window, and what a claim may ask for.

Eligible: every date of the police-criteria block is recorded (domain.md §4.2). The window is
the first N months of care from the placement start, or from the day the criteria were complete
when that is later (REIMBURSEMENT_WINDOW_FROM = "criteria"), and the eligible amount is the
share of each care day's rate in it, capped per day: all are settings (`MoneySettings` in
core/settings.py). `window_of` is the one place the window is decided.
Two claims never cover the same day; a rejected claim covers nothing, so its days may be
claimed again.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from registry.core.money import format_money
from registry.finance import calculations as calc
from registry.finance.models import ClaimStatus
from registry.placements.choices import POLICE_CRITERIA

ONE_DAY = timedelta(days=1)
NOT_COVERING = {ClaimStatus.REJECTED.value}
WINDOW_FROM_LABELS = {"start": "placeringens start",
                      "criteria": "den dag polisens kriterier var uppfyllda"}


def missing_criteria(placement):
    """Return the labels of the police criteria the placement has no date for."""
    return [text for name, text in POLICE_CRITERIA.items() if getattr(placement, name) is None]


def is_eligible(placement):
    """Return True when the whole police-criteria block is recorded."""
    return not missing_criteria(placement)


@dataclass(frozen=True)
class Window:
    """The care days that may be claimed, and the day claims for them are due."""

    first: date
    last: date
    deadline: date


def criteria_complete_on(placement):
    """Return the day the last police criterion was met, or None while any is missing."""
    days = [getattr(placement, name) for name in POLICE_CRITERIA]
    return None if None in days else max(days)


def window_of(placement, start, settings):
    """Return the reimbursement window of `placement`, whose care starts on `start`.

    It opens on the start, or (setting "criteria") on the day the criteria were complete if
    that is later; while a criterion is missing nothing is eligible and the start is shown.
    """
    complete = criteria_complete_on(placement) if settings.window_from == "criteria" else None
    opens = max(start, complete) if complete is not None else start
    first, last = calc.reimbursement_window(opens, settings.window_months)
    return Window(first, last, last + timedelta(days=settings.claim_deadline_days))


def eligible_amount(plan, first, last, settings):
    """Return the öre that may be claimed for the care days first..last."""
    return calc.eligible_amount(plan, first, last, settings.share_percent,
                                settings.daily_cap_ore)


def uncovered(first, last, periods):
    """Return the parts of first..last that none of the (first, last) periods covers."""
    gaps, cursor = [], first
    for start, end in sorted(periods):
        if end < cursor:
            continue
        if start > last:
            break
        if start > cursor:
            gaps.append((cursor, start - ONE_DAY))
        cursor = max(cursor, end + ONE_DAY)
    if cursor <= last:
        gaps.append((cursor, last))
    return gaps


@dataclass(frozen=True)
class ClaimPeriod:
    """What the rules need to know about an existing claim."""

    id: int
    first: date
    last: date
    status: str
    amount_ore: int
    approved_ore: int | None
    paid_ore: int | None


@dataclass(frozen=True)
class Summary:
    """One placement's reimbursement position as of a day."""

    eligible: bool
    missing: list
    window: Window
    eligible_window_ore: int  # every care day of the window, to the planned end
    eligible_to_date_ore: int  # the window's care days up to and including as_of
    claimed_ore: int
    approved_ore: int
    paid_ore: int
    claimable_ore: int  # eligible days up to as_of that no claim covers yet
    unclaimed: list  # those days, as (first, last) ranges


def summary(placement, plan, planned_end, claims, settings, as_of):
    """Return the Summary of a placement: window, eligible, claimed, approved, paid, left."""
    window = window_of(placement, plan.start, settings)
    horizon = calc.horizon_of(plan, planned_end)
    covering = [c for c in claims if c.status not in NOT_COVERING]
    eligible = is_eligible(placement)
    to_date_last = min(window.last, as_of)
    gaps = [g for g in uncovered(window.first, to_date_last, [(c.first, c.last)
                                                              for c in covering])
            if calc.care_days(plan, *g)] if eligible else []
    return Summary(
        eligible=eligible, missing=missing_criteria(placement), window=window,
        eligible_window_ore=eligible_amount(horizon, window.first, window.last, settings)
        if eligible else 0,
        eligible_to_date_ore=eligible_amount(plan, window.first, to_date_last, settings)
        if eligible else 0,
        claimed_ore=sum(c.amount_ore for c in covering),
        approved_ore=sum(c.approved_ore or 0 for c in claims),
        paid_ore=sum(c.paid_ore or 0 for c in claims),
        claimable_ore=sum(eligible_amount(plan, *g, settings) for g in gaps),
        unclaimed=gaps)


def claim_problems(placement, plan, first, last, amount_ore, others, settings, as_of):
    """Return [(field, Swedish message)] for a claim of `amount_ore` for first..last.

    `others` are the placement's other claims (ClaimPeriod). An empty list means the claim
    may be saved.
    """
    missing = missing_criteria(placement)
    if missing:
        return [(None, "Placeringen kan inte återsökas eftersom polisens kriterier inte är "
                       "uppfyllda. Saknas: " + ", ".join(m.lower() for m in missing) + ".")]
    window = window_of(placement, plan.start, settings)
    problems = _period_problems(plan, window, first, last, others, settings, as_of)
    if problems:
        return problems
    return _amount_problems(plan, first, last, amount_ore, settings)


def _period_problems(plan, window, first, last, others, settings, as_of):
    if last < first:
        return [("period_end", "Periodens sista dag kan inte vara före dess första dag.")]
    if first < window.first or last > window.last:
        return [("period_start", f"Perioden måste ligga inom återsökningsfönstret "
                                 f"{window.first.isoformat()}–{window.last.isoformat()} "
                                 f"({settings.window_months} månader från "
                                 f"{WINDOW_FROM_LABELS[settings.window_from]}).")]
    if last > as_of:
        return [("period_end", f"Det går bara att återsöka dygn som har passerat, till och med "
                               f"{as_of.isoformat()}.")]
    if calc.care_days(plan, first, last) == 0:
        return [("period_start", "Placeringen har inga vårddygn under perioden.")]
    for other in others:
        if other.status in NOT_COVERING:
            continue
        shared = calc.overlap(first, last, other.first, other.last)
        if shared:
            return [("period_start", f"Perioden överlappar en annan återsökning "
                                     f"({other.first.isoformat()}–{other.last.isoformat()}). "
                                     f"Två återsökningar kan inte omfatta samma dygn; "
                                     f"{shared[0].isoformat()} finns redan med.")]
    return []


def _amount_problems(plan, first, last, amount_ore, settings):
    if amount_ore is None or amount_ore <= 0:
        return [("amount", "Ange ett belopp större än 0 kr.")]
    eligible = eligible_amount(plan, first, last, settings)
    if amount_ore > eligible:
        return [("amount", f"Beloppet är större än det som kan återsökas för perioden. "
                           f"Högst {format_money(eligible)} kan återsökas för "
                           f"{calc.care_days(plan, first, last)} dygn.")]
    return []


def decision_of(claim):
    """Return the police decision on a claim (a ClaimStatus value), or None before one."""
    if claim.decided_on is None:
        return None
    if claim.status != ClaimStatus.PAID.value:
        return claim.status
    full = claim.approved_ore == claim.amount_ore
    return (ClaimStatus.APPROVED if full else ClaimStatus.PARTLY_APPROVED).value
