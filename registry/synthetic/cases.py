"""Placements of varied length with their extensions, rate changes, monthly reports,
follow-ups and deviations; finance and alerts follow each placement (money.py, events.py).

Case references are pseudonymous ("GEN-000123"); no name or personnummer is ever made.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from registry.core.dates import add_months, month_start
from registry.core.permissions import Role
from registry.placements.choices import AgeBand, DeviationKind, EndReason, Reporter
from registry.placements.rules import days_in_care
from registry.placements.schedule import due_date
from registry.synthetic import events, money
from registry.synthetic.plan import Offer

PLACEMENT_COLUMNS = (
    "id", "municipality_id", "case_reference", "case_officer_id", "support_category",
    "age_band", "service_type_id", "provider_id", "agreement_id", "outside_agreement_reason",
    "standing_override_reason", "price_item_id", "daily_rate_ore", "start_date",
    "initial_period_end", "planned_end", "end_date", "end_reason", "care_plan_on",
    "implementation_plan_received_on", "police_definition_on", "motivated_on",
    "protection_need_on", "consent_on", "conditions_agreement_on", "created_at",
    "updated_at", "version")
REPORT_COLUMNS = ("id", "placement_id", "municipality_id", "month", "source", "received_on",
                  "days_in_care", "participation", "goal_progress", "deviations_flagged",
                  "report_text", "follow_up_note", "decision", "reviewed_by_id",
                  "reviewed_at", "created_at", "updated_at", "version")
FOLLOW_UP_COLUMNS = ("id", "placement_id", "municipality_id", "held_on", "participants",
                     "outcome", "next_due", "recorded_by_id", "created_at", "updated_at",
                     "version")
DEVIATION_COLUMNS = ("id", "placement_id", "municipality_id", "occurred_on", "kind",
                     "reported_by", "description", "decision", "decided_on", "decided_by_id",
                     "created_at", "updated_at", "version")
EXTENSION_COLUMNS = ("id", "placement_id", "municipality_id", "decided_on", "new_end",
                     "reason", "decided_by_id", "created_at", "updated_at")
RATE_COLUMNS = ("id", "placement_id", "municipality_id", "valid_from", "daily_rate_ore",
                "reason", "recorded_by_id", "created_at", "updated_at")
CATEGORIES = (("police_defector", 25), ("leaving_with_protection", 30),
              ("leaving_at_home", 30), ("youth", 15))
LENGTH_MONTHS = ((1, 3, 15), (4, 6, 28), (7, 12, 32), (13, 24, 18), (25, 36, 7))


@dataclass
class Case:
    """One generated placement, as the child generators need it."""

    id: int
    town: object
    officer_id: int
    category: str
    provider_id: int
    rate_ore: int
    start: date
    end: date | None          # the departure day, None while running
    rate_changes: tuple = ()  # (valid_from, rate) in date order

    def rate_on(self, day):
        rate = self.rate_ore
        for valid_from, changed in self.rate_changes:
            if valid_from <= day:
                rate = changed
        return rate


def add_placements(world, sink):
    for name, columns in (("placements", PLACEMENT_COLUMNS), ("monthly_reports",
                          REPORT_COLUMNS), ("follow_ups", FOLLOW_UP_COLUMNS),
                          ("deviations", DEVIATION_COLUMNS),
                          ("placement_extensions", EXTENSION_COLUMNS),
                          ("placement_rate_changes", RATE_COLUMNS)):
        sink.declare(name, columns)
    money.declare(sink)
    events.declare_alerts(sink)
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(world.municipalities))]
    towns = world.rng.choices(world.municipalities, weights=weights, k=world.scale.placements)
    for town in towns:
        case = _placement(world, sink, town)
        world.placements.append((case.id, town.id))
        _reports(world, sink, case)
        _follow_ups(world, sink, case)
        _deviations(world, sink, case)
        money.add_for(world, sink, case)


def _placement(world, sink, town):
    rng, as_of = world.rng, world.scale.as_of
    placement_id = sink.next_id("placements")
    start = world.day_between(world.scale.first_day, as_of - timedelta(days=1))
    low, high, _w = rng.choices(LENGTH_MONTHS, weights=[w for *_r, w in LENGTH_MONTHS])[0]
    end = add_months(start, rng.randint(low, high)) + timedelta(days=rng.randint(-10, 10))
    end = end if end <= as_of else None
    initial_end = add_months(start, town.initial_months)
    planned_end = initial_end
    officer = world.users[(town.id, Role.CASE_OFFICER)]
    if (end or as_of) > initial_end or (end is None and rng.random() < 0.3):
        planned_end = add_months(initial_end, rng.choice((3, 6, 6, 12)))
        while planned_end < (end or as_of) and (end or world.rng.random() < 0.9):
            planned_end = add_months(planned_end, 6)
        sink.add("placement_extensions", (
            sink.next_id("placement_extensions"), placement_id, town.id,
            initial_end - timedelta(days=rng.randint(5, 30)), planned_end, "Fortsatt behov.",
            officer, world.now, world.now))
    category = rng.choices(*zip(*CATEGORIES, strict=True))[0]
    offer = _offer(world, town)
    rate_changes = _rate_changes(world, sink, placement_id, town, officer, offer, start, end)
    police = start + timedelta(days=rng.randint(0, 10)) if category == "police_defector" else None
    plan = start + timedelta(days=rng.randint(5, 40))
    plan = plan if plan < as_of and rng.random() < 0.93 else None
    sink.add("placements", (
        placement_id, town.id, f"GEN-{placement_id:06d}", officer, category,
        _age_band(rng, category), offer.service_type_id, offer.provider_id, offer.agreement_id,
        "" if offer.agreement_id else "Syntetisk placering utanför avtal.", "",
        offer.price_item_id, offer.rate_ore, start, initial_end, planned_end, end,
        _end_reason(rng) if end else None, start, plan, police, police, police, police,
        police, world.moment(start), world.moment(start), 1))
    return Case(placement_id, town, officer, category, offer.provider_id, offer.rate_ore,
                start, end, rate_changes)


def _offer(world, town):
    offers = world.offers.get(town.id)
    if offers and world.rng.random() < 0.95:
        return world.rng.choice(offers)
    type_id, _code = world.service_types[0]
    return Offer(None, world.rng.choice(world.providers), type_id, None,
                 world.rng.randint(250_000, 500_000))


def _rate_changes(world, sink, placement_id, town, officer, offer, start, end):
    """Now and then a new rate from a quarter's first day (invoices follow quarters)."""
    quarter = add_months(month_start(start), 3 - (start.month - 1) % 3 + 3)
    if world.rng.random() > 0.06 or quarter >= (end or world.scale.as_of):
        return ()
    rate = round(offer.rate_ore * world.rng.uniform(1.02, 1.08))
    sink.add("placement_rate_changes", (
        sink.next_id("placement_rate_changes"), placement_id, town.id, quarter, rate,
        "Ny prisnivå.", officer, world.now, world.now))
    return ((quarter, rate),)


def _age_band(rng, category):
    if category == "youth":
        return AgeBand.UNDER_18.value
    return rng.choice((AgeBand.AGE_18_20, AgeBand.AGE_21_25, AgeBand.AGE_26_PLUS)).value


def _end_reason(rng):
    return rng.choices(list(EndReason), weights=(45, 15, 12, 8, 8, 7, 5))[0].value


def care_months(case, as_of):
    """Yield each month (first day) with care days, up to the month of `as_of`."""
    month, last = month_start(case.start), month_start(
        min(case.end - timedelta(days=1), as_of) if case.end else as_of)
    while month <= last:
        yield month
        month = add_months(month, 1)


def _reports(world, sink, case):
    rng, as_of = world.rng, world.scale.as_of
    sources = ("provider", "police") if case.category == "police_defector" else ("provider",)
    for month in care_months(case, as_of):
        due = due_date(month, case.town.due_day)
        if due >= as_of:
            break
        for source in sources:
            received = due + timedelta(days=rng.randint(-8, 5))
            if rng.random() < (0.05 if source == "provider" else 0.12):
                # Late: most come in weeks after the alert was raised; some never do.
                received = due + timedelta(days=rng.randint(5, 60))
                if received > as_of or rng.random() < 0.25:
                    received = None
                if source == "provider":
                    events.report_missing(world, sink, case, due, received)
                if received is None:
                    continue
            days = days_in_care(case.start, case.end, month)
            reviewed = world.moment(min(received + timedelta(days=3), as_of))
            sink.add("monthly_reports", (
                sink.next_id("monthly_reports"), case.id, case.town.id, month, source,
                received, days, rng.choices(("full", "partial", "none"), (75, 20, 5))[0],
                rng.randint(0, 3), rng.random() < 0.05, "", "",
                rng.choices(("continue", "meeting_needed"), (95, 5))[0], case.officer_id,
                reviewed, world.moment(received), reviewed, 1))


def _follow_ups(world, sink, case):
    interval, as_of = case.town.follow_up_months, world.scale.as_of
    last = min(case.end, as_of) if case.end else as_of
    held = add_months(case.start, interval)
    while held < last:
        if world.rng.random() < 0.9:
            next_due = add_months(held, interval)
            sink.add("follow_ups", (
                sink.next_id("follow_ups"), case.id, case.town.id, held,
                "Socialsekreterare, utförare", "", next_due, case.officer_id,
                world.moment(held), world.moment(held), 1))
        held = add_months(held, interval)


def _deviations(world, sink, case):
    rng, as_of = world.rng, world.scale.as_of
    last = min(case.end, as_of) if case.end else as_of
    for _ in range(rng.choices((0, 1, 2), (70, 25, 5))[0]):
        occurred = world.day_between(case.start, last)
        decided_on = occurred + timedelta(days=rng.randint(1, 14))
        decided = decided_on <= as_of and rng.random() < 0.97
        deviation_id = sink.next_id("deviations")
        sink.add("deviations", (
            deviation_id, case.id, case.town.id, occurred, rng.choice(list(DeviationKind)).value,
            rng.choice(list(Reporter)).value, "",
            rng.choices(("continue", "end"), (85, 15))[0] if decided else None,
            decided_on if decided else None, case.officer_id if decided else None,
            world.moment(occurred), world.moment(occurred), 1))
        if not decided:
            events.deviation_open(world, sink, case, deviation_id, occurred)
