"""Demo placements, one YAML file per municipality under seed/demo/placements/.

A placement and its whole case history (extension, rate changes, reports, follow-ups,
deviations, invoices, claims) are created together, and only when the placement itself is
new: it is looked up by (municipality, case reference), so a re-run on a later day, when
every relative date has moved, still creates nothing twice.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from registry.agreements.models import PriceListItem
from registry.auth.models import User
from registry.core.dates import add_months
from registry.extensions import db
from registry.placements.choices import POLICE_CRITERIA, AgeBand, EndReason, SupportCategory
from registry.placements.models import Extension, Placement, RateChange
from registry.placements.queries import base_price_line, price_on
from registry.seeding.files import SeedDataError, check_keys, load_yaml, require, seed_path
from registry.seeding.users import demo_email

PLACEMENT_FIELDS = (
    "case_reference", "support_category", "age_band", "service_type", "provider", "agreement",
    "outside_agreement_reason", "daily_rate_ore", "start_offset_days", "end_offset_days",
    "end_reason", "care_plan_after_days", "implementation_plan_after_days",
    "police_criteria_after_days", "extension", "reports", "follow_ups", "deviations",
    "invoices", "claims", "planned_hours_per_month")
REQUIRED = ("case_reference", "support_category", "age_band", "service_type", "provider",
            "start_offset_days")
RATE_CHANGE_REASON = "Ny prislista enligt avtalet."


@dataclass
class Case:
    """A newly created placement with what its child rows need to know."""

    placement: Placement
    row: dict
    officer: User
    finance: User
    rates: list  # [(valid_from, daily_rate_ore)], ascending, the start rate first
    today: date

    @property
    def start(self):
        return self.placement.start_date

    @property
    def last_day(self):
        """The last day in care so far: the end date, or today while it runs."""
        return self.placement.end_date or self.today

    def after(self, days):
        return self.start + timedelta(days=int(days))

    def rate_on(self, day):
        return [rate for valid_from, rate in self.rates if valid_from <= day][-1]

    def child(self, model, **values):
        """A case child row tied to this placement *and* its municipality."""
        return model(placement_id=self.placement.id,
                     municipality_id=self.placement.municipality_id, **values)


def placement_files():
    return sorted(seed_path("demo", "placements").glob("*.yaml"))


def seed_placements(ctx, on_new_case):
    """Create each new placement and call `on_new_case(ctx, case)` for its history."""
    for path in placement_files():
        slug = path.stem
        municipality = ctx.municipality(slug)
        officer = ctx.user(demo_email("case_officer", slug))
        finance = ctx.user(demo_email("finance", slug))
        for row in load_yaml("demo", "placements", path.name)["placements"]:
            where = f"{path.name}: {row.get('case_reference')}"
            check_keys(row, PLACEMENT_FIELDS, where)
            require(row, REQUIRED, where)
            if _exists(municipality.id, row["case_reference"]):
                continue
            case = _new_case(ctx, municipality, officer, finance, row, where)
            on_new_case(ctx, case)


def _exists(municipality_id, case_reference):
    query = select(Placement.id).where(Placement.municipality_id == municipality_id,
                                       Placement.case_reference == case_reference)
    return db.session.scalar(query) is not None


def _new_case(ctx, municipality, officer, finance, row, where):
    start = ctx.date_field(row, "start")
    provider = ctx.provider(row["provider"])
    if not provider.fictional:
        raise SeedDataError(f"{where}: bara fiktiva utförare får ha demoplaceringar")
    service = ctx.service_type(row["service_type"])
    agreement, item, rate = _start_price(ctx, row, provider, service, start, where)
    initial_end = add_months(start, municipality.initial_period_months or 6)
    extension = _extension(ctx, row, initial_end, where)
    placement = Placement(
        municipality_id=municipality.id, case_reference=row["case_reference"],
        case_officer_id=officer.id,
        support_category=SupportCategory(row["support_category"]).value,
        age_band=AgeBand(row["age_band"]).value, service_type_id=service.id,
        provider_id=provider.id, agreement_id=agreement.id if agreement else None,
        outside_agreement_reason=(row.get("outside_agreement_reason") or "").strip(),
        price_item_id=item.id if item else None, daily_rate_ore=rate,
        rate_unit=item.unit if item else service.unit,
        planned_hours_per_month=row.get("planned_hours_per_month"), start_date=start,
        initial_period_end=initial_end,
        planned_end=extension["new_end"] if extension else initial_end,
        **_end(ctx, row, where), **_plan_dates(row, start, where))
    db.session.add(placement)
    db.session.flush()
    ctx.created("placements")
    case = Case(placement, row, officer, finance, [(start, rate)], ctx.today)
    if extension:
        db.session.add(case.child(Extension, decided_by_id=officer.id, **extension))
        ctx.created("extensions")
    _add_rate_changes(ctx, case, item)
    return case


def _start_price(ctx, row, provider, service, start, where):
    """(agreement, price item, daily rate): from the price item valid at start, else the
    rate given for a placement outside agreement (which must say why)."""
    if not row.get("agreement"):
        require(row, ("outside_agreement_reason", "daily_rate_ore"), where)
        return None, None, int(row["daily_rate_ore"])
    if row.get("daily_rate_ore") or row.get("outside_agreement_reason"):
        raise SeedDataError(f"{where}: avtalspris tas från prislistan, inte från filen")
    agreement = ctx.agreement(row["agreement"])
    item = price_on(agreement.id, provider.id, service.id, start)
    if item is None:
        raise SeedDataError(f"{where}: inget pris gäller på avtalet vid start {start}")
    return agreement, item, item.price_ore


def _prices_after(item, day):
    line = base_price_line(item.agreement_id, item.provider_id, item.service_type_id)
    query = line.where(PriceListItem.valid_from > day, PriceListItem.superseded_at.is_(None))
    return db.session.scalars(query.order_by(PriceListItem.valid_from)).all()


def _end(ctx, row, where):
    end_date = ctx.date_field(row, "end")
    if (end_date is None) != (row.get("end_reason") is None):
        raise SeedDataError(f"{where}: slutdatum och avslutsorsak anges tillsammans")
    reason = EndReason(row["end_reason"]).value if end_date else None
    return {"end_date": end_date, "end_reason": reason}


def _plan_dates(row, start, where):
    def after(days):
        return None if days is None else start + timedelta(days=int(days))

    criteria = row.get("police_criteria_after_days") or {}
    check_keys(criteria, POLICE_CRITERIA, f"{where}, polisens kriterier")
    dates = {name: after(days) for name, days in criteria.items()}
    dates["care_plan_on"] = after(row.get("care_plan_after_days"))
    dates["implementation_plan_received_on"] = after(row.get("implementation_plan_after_days"))
    return dates


def _extension(ctx, row, initial_end, where):
    """The extension decided before the initial period ended, as Extension columns."""
    spec = row.get("extension")
    if not spec:
        return None
    check_keys(spec, ("decided_before_initial_end_days", "months", "reason"),
               f"{where}, förlängning")
    decided_on = initial_end - timedelta(days=int(spec["decided_before_initial_end_days"]))
    return {"decided_on": min(decided_on, ctx.today),
            "new_end": add_months(initial_end, int(spec["months"])),
            "reason": spec.get("reason", "")}


def _add_rate_changes(ctx, case, start_item):
    """A later price item on the same agreement line becomes a dated rate change."""
    if start_item is None:
        return
    for item in _prices_after(start_item, case.start):
        if item.valid_from > case.last_day:
            break
        db.session.add(case.child(RateChange, valid_from=item.valid_from,
                                  daily_rate_ore=item.price_ore, reason=RATE_CHANGE_REASON,
                                  recorded_by_id=case.officer.id))
        case.rates.append((item.valid_from, item.price_ore))
        ctx.created("rate_changes")
