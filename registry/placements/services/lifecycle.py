"""A placement's life: registration, editing, rate changes, extensions and the end."""

from sqlalchemy import select

from registry.core.dates import add_months, month_start
from registry.core.locking import check_version
from registry.extensions import db
from registry.placements import queries
from registry.placements.choices import POLICE_CRITERIA, AgeBand, EndReason, SupportCategory
from registry.placements.models import Extension, MonthlyReport, Placement, RateChange
from registry.placements.rules import current_end
from registry.placements.services._common import (
    allowed,
    audited_create,
    audited_update,
    check,
    refuse_personnummer,
)
from registry.placements.services.standing import StandingWarning, standing_warning
from registry.providers.models import Provider, ProviderStatus, ServiceType

PLAN_FIELDS = ("care_plan_on", "implementation_plan_received_on", *POLICE_CRITERIA)
CASE_FIELDS = ("case_reference", "support_category", "age_band", "initial_period_end",
               "planned_hours_per_month", *PLAN_FIELDS)
CREATED_FIELDS = (*CASE_FIELDS, "case_officer_id", "service_type_id", "provider_id",
                  "agreement_id", "outside_agreement_reason", "price_item_id",
                  "daily_rate_ore", "rate_unit", "start_date", "planned_end")
EDITED_FIELDS = (*CASE_FIELDS, "case_officer_id", "planned_end")
ENDED_FIELDS = ("end_date", "end_reason")
FUTURE_DATE = "Datumet kan inte ligga i framtiden."
SELECTABLE_PROVIDERS = {ProviderStatus.ACTIVE.value, ProviderStatus.UNDER_REVIEW.value}


def _check_case(values, start, on):
    """Check the fields registration and editing share."""
    refuse_personnummer({"case_reference": ("Ärendereferens", values["case_reference"])})
    check(values["support_category"] in allowed(SupportCategory),
          "Välj en stödkategori.", "support_category")
    check(values["age_band"] in allowed(AgeBand), "Välj en åldersgrupp.",
          "age_band")
    check(values["initial_period_end"] > start,
          "Första periodens slut måste vara efter startdatumet.", "initial_period_end")
    for name in PLAN_FIELDS:
        check(values.get(name) is None or values[name] <= on, FUTURE_DATE, name)
    hours = values.get("planned_hours_per_month")
    check(hours is None or 0 <= hours <= 744, "Ange planerade timmar per månad mellan 0 och "
          "744.", "planned_hours_per_month")


def _check_unique_reference(municipality_id, reference, start, placement_id=None):
    query = select(Placement.id).where(Placement.municipality_id == municipality_id,
                                       Placement.case_reference == reference,
                                       Placement.start_date == start)
    if placement_id is not None:
        query = query.where(Placement.id != placement_id)
    check(db.session.scalar(query) is None,
          "Det finns redan en placering med den ärendereferensen och startdagen.",
          "case_reference")


def _start_price(user, values):
    """Return (agreement id, price item, rate öre, outside-agreement reason).

    The unit is the price item's, or the service type's for a purchase outside agreement.
    """
    agreement_id = values.get("agreement_id")
    if not agreement_id:
        reason = (values.get("outside_agreement_reason") or "").strip()
        refuse_personnummer({"outside_agreement_reason": ("Motivering för köp utanför avtal",
                                                     reason)})
        check(reason, "Motivera varför placeringen görs utanför avtal.",
              "outside_agreement_reason")
        rate = values.get("daily_rate_ore")
        check(rate is not None and rate > 0,
              "Ange priset som gäller utanför avtal (i insatsens enhet).", "daily_rate")
        return None, None, rate, reason
    check(values.get("daily_rate_ore") is None,
          "Priset hämtas från avtalets prislista. Lämna fältet tomt.", "daily_rate")
    agreements = {a.id for a in queries.selectable_agreements(user.municipality_id)}
    check(agreement_id in agreements, "Kommunen är inte part i det avtalet.", "agreement_id")
    item = queries.price_on(agreement_id, values["provider_id"], values["service_type_id"],
                            values["start_date"])
    check(item is not None, "Avtalet har inget gällande pris för den utföraren och "
          "insatsen på startdagen.", "agreement_id")
    return agreement_id, item, item.price_ore, ""


def _standing_reason(values):
    """Return (warning, reason) for the provider; a warning needs confirmation and a reason."""
    warning = standing_warning(values["provider_id"])
    if warning is None:
        return None, ""
    reason = (values.get("standing_reason") or "").strip()
    text = f"Utföraren har {StandingWarning(warning).label}."
    check(values.get("standing_confirmed"),
          f"{text} Bekräfta att du ändå väljer utföraren.", "standing_confirmed")
    refuse_personnummer({"standing_reason": ("Skäl att välja utföraren", reason)})
    check(reason, f"{text} Ange skälet att ändå välja utföraren.", "standing_reason")
    return warning, reason


def _check_choices(values):
    provider = db.session.get(Provider, values.get("provider_id") or 0)
    check(provider is not None and provider.status in SELECTABLE_PROVIDERS,
          "Välj en utförare som är aktiv i registret.", "provider_id")
    service = db.session.get(ServiceType, values.get("service_type_id") or 0)
    check(service is not None and service.active, "Välj en insats.", "service_type_id")


def create_placement(user, values, on):
    """Register a placement of the user's municipality with the start rate from the prices."""
    municipality = user.municipality
    start = values["start_date"]
    values = {**values, "initial_period_end": values.get("initial_period_end")
              or add_months(start, municipality.initial_period_months)}
    _check_case(values, start, on)
    _check_choices(values)
    agreement_id, item, rate, outside_reason = _start_price(user, values)
    service = db.session.get(ServiceType, values["service_type_id"])
    unit = item.unit if item is not None else service.unit
    warning, override = _standing_reason(values)
    _check_unique_reference(municipality.id, values["case_reference"], start)
    placement = Placement(
        municipality_id=municipality.id, case_officer_id=user.id,
        **{name: values.get(name) for name in CASE_FIELDS},
        service_type_id=values["service_type_id"], provider_id=values["provider_id"],
        agreement_id=agreement_id, outside_agreement_reason=outside_reason,
        standing_override_reason=override, price_item_id=item and item.id,
        daily_rate_ore=rate, rate_unit=unit, start_date=start,
        planned_end=values["initial_period_end"])
    if warning is None:
        return audited_create(placement, CREATED_FIELDS)
    # The officer confirmed a provider whose standing warns: which warning, and that a
    # reason was given (the reason itself stays on the placement, never in the log).
    standing = {"provider_standing": {"before": None, "after": warning.value},
                "standing_confirmed": {"before": None, "after": True}}
    return audited_create(placement, (*CREATED_FIELDS, "standing_override_reason"), standing)


def update_placement(placement, values, version, on):
    """Change the case details; the planned end follows the initial period unless extended."""
    check_version(placement, version)
    _check_case(values, placement.start_date, on)
    officers = {u.id for u in queries.case_officers(placement.municipality_id)}
    check(values["case_officer_id"] in officers | {placement.case_officer_id},
          "Välj en handläggare i kommunen.", "case_officer_id")
    _check_unique_reference(placement.municipality_id, values["case_reference"],
                            placement.start_date, placement.id)
    changes = {name: values.get(name) for name in (*CASE_FIELDS, "case_officer_id")}
    changes["planned_end"] = current_end(values["initial_period_end"],
                                         queries.extension_ends(placement))
    return audited_update(placement, changes, EDITED_FIELDS)


def _check_running(placement, field):
    check(placement.end_date is None, "Placeringen är avslutad.", field)


def change_rate(user, placement, valid_from, daily_rate_ore, reason):
    """Record a new daily rate from a date; the start rate and earlier changes stay."""
    refuse_personnummer({"reason": ("Skäl till ändringen", reason)})
    check(valid_from > placement.start_date, "Ett nytt dygnspris gäller från en dag efter "
          "startdatumet; startpriset ändras inte.", "valid_from")
    check(placement.end_date is None or valid_from <= placement.end_date,
          "Placeringen avslutades före det datumet.", "valid_from")
    check(daily_rate_ore is not None and daily_rate_ore > 0, "Ange ett pris över 0 kr.",
          "daily_rate")
    check(valid_from not in queries.rate_change_days(placement),
          "Det finns redan en prisändring från det datumet.", "valid_from")
    change = RateChange(placement_id=placement.id, municipality_id=placement.municipality_id,
                        valid_from=valid_from, daily_rate_ore=daily_rate_ore, reason=reason,
                        recorded_by_id=user.id)
    return audited_create(change, ("valid_from", "daily_rate_ore", "reason"))


def extend_placement(user, placement, decided_on, new_end, reason, on):
    """Extend a running placement to a later end."""
    _check_running(placement, "new_end")
    refuse_personnummer({"reason": ("Skäl till förlängningen", reason)})
    check(placement.start_date <= decided_on <= on,
          "Beslutsdatumet ska ligga mellan startdatumet och i dag.", "decided_on")
    check(new_end > placement.planned_end, "Det nya slutdatumet måste vara efter nuvarande "
          f"slut {placement.planned_end:%Y-%m-%d}.", "new_end")
    extension = audited_create(Extension(
        placement_id=placement.id, municipality_id=placement.municipality_id,
        decided_on=decided_on, new_end=new_end, reason=reason, decided_by_id=user.id),
        ("decided_on", "new_end", "reason"))
    audited_update(placement, {"planned_end": new_end}, ("planned_end",))
    return extension


def end_placement(placement, end_date, end_reason, field="end_date"):
    """End a placement; reports for months after the end must not exist."""
    _check_running(placement, field)
    check(end_reason in allowed(EndReason), "Välj en avslutsorsak.", "end_reason")
    check(end_date >= placement.start_date, "Slutdatumet kan inte vara före startdatumet "
          f"{placement.start_date:%Y-%m-%d}.", field)
    later = select(MonthlyReport.id).where(MonthlyReport.placement_id == placement.id,
                                           MonthlyReport.month > month_start(end_date))
    check(db.session.scalar(later.limit(1)) is None,
          "Det finns månadsrapporter för månader efter slutdatumet.", field)
    return audited_update(placement, {"end_date": end_date, "end_reason": end_reason},
                          ENDED_FIELDS)

