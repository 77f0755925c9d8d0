"""How much to generate, and the shared state of one generation run."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from stdnum import luhn

HISTORY_YEARS = 6
NATIONAL = {"municipalities": 290, "providers": 2000, "placements": 100_000,
            "audit_events": 5_000_000}


@dataclass(frozen=True)
class Scale:
    """The sizes of one synthetic data set; unset sizes scale from the placements."""

    placements: int = 1000
    municipalities: int | None = None
    providers: int | None = None
    audit_events: int | None = None
    seed: int = 1
    as_of: date = date(2026, 11, 1)

    def resolved(self):
        """Return a copy with every size filled in (national proportions)."""
        n = self.placements
        municipalities = self.municipalities or max(8, min(290, round(n * 290 / 100_000)))
        providers = self.providers or max(10, round(n / 50))
        audit = self.audit_events if self.audit_events is not None else n * 50
        return Scale(n, municipalities, providers, audit, self.seed, self.as_of)

    @property
    def agreements(self):
        return max(self.municipalities, self.providers // 4)

    @property
    def first_day(self):
        return self.as_of - timedelta(days=365 * HISTORY_YEARS)


@dataclass
class World:
    """What later steps need from earlier ones, kept as plain ids and tuples."""

    scale: Scale
    rng: random.Random
    now: datetime = None
    municipalities: list = field(default_factory=list)  # Town tuples
    users: dict = field(default_factory=dict)            # (municipality_id, role) -> user id
    global_users: list = field(default_factory=list)
    service_types: list = field(default_factory=list)    # (id, code)
    providers: list = field(default_factory=list)        # provider ids
    offers: dict = field(default_factory=dict)          # municipality_id -> [Offer]
    placements: list = field(default_factory=list)      # (placement id, municipality id)
    template_id: int | None = None
    criteria: list = field(default_factory=list)        # (indicator id, Criterion)

    def __post_init__(self):
        self.now = datetime.combine(self.scale.as_of, time(6, 0))

    def day_between(self, first, last):
        """Return a random day from `first` to `last` inclusive."""
        span = (last - first).days
        return first + timedelta(days=self.rng.randint(0, max(span, 0)))

    def moment(self, day):
        """Return a random time of working hours on `day`."""
        return datetime.combine(day, time(8, 0)) + timedelta(seconds=self.rng.randint(0, 32400))


@dataclass(frozen=True)
class Town:
    id: int
    initial_months: int
    follow_up_months: int
    due_day: int


@dataclass(frozen=True)
class Offer:
    """A price a municipality may buy at: agreement, provider, service, price item, rate."""

    agreement_id: int | None
    provider_id: int
    service_type_id: int
    price_item_id: int | None
    rate_ore: int


def org_number(index):
    """A fictional organisation number: 998 and a running number (the demo uses 999)."""
    body = f"998{index:06d}"
    return f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"
