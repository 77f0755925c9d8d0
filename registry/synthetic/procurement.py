"""Providers, agreements with parties, options, terms and price histories, and assessments."""

import json
from datetime import timedelta

from sqlalchemy import select

from registry.agreements.models import CONTRACT_TERMS, AgreementForm
from registry.core.dates import add_months
from registry.core.permissions import Role
from registry.core.settings import current_settings
from registry.extensions import db
from registry.providers.models import OrgForm, ProviderStatus, ServiceType, TargetGroup
from registry.quality.models import ChecklistTemplate, Indicator, TemplateStatus
from registry.quality.scoring import AnswerType, parse_bands, score
from registry.synthetic.plan import Offer, org_number

# Typical prices in öre per unit (per dygn, per programme, per hour), before a spread.
BASE_PRICE = {"skyddat_boende": 350_000, "hvb": 450_000, "stodboende": 250_000,
              "familjehem_konsulent": 200_000, "oppenvard_program": 4_000_000,
              "samtalsstod": 90_000, "arbetsstod": 80_000}
PER_DAY = ("skyddat_boende", "hvb", "stodboende", "familjehem_konsulent")
PROVIDER_COLUMNS = ("id", "legal_name", "org_number", "org_form", "municipality_id",
                    "target_groups", "regions", "capacity", "description", "status",
                    "status_reason", "status_changed_on", "suspended_until", "fictional",
                    "created_at", "updated_at", "version")
AGREEMENT_COLUMNS = ("id", "reference", "title", "form", "lead_municipality_id", "start_date",
                     "end_date", "ceiling_ore", "description", "fictional", "created_at",
                     "updated_at", "version")
OPTION_COLUMNS = ("id", "agreement_id", "sequence", "length_months", "exercise_by",
                  "decision", "decided_on", "created_at", "updated_at", "version")
PRICE_COLUMNS = ("id", "agreement_id", "provider_id", "service_type_id", "addon",
                 "valid_from", "valid_to", "price_ore", "created_at", "updated_at", "version")
ASSESSMENT_COLUMNS = ("id", "provider_id", "template_id", "municipality_id", "assessor_id",
                      "assessed_on", "status", "score", "passed", "band", "lowest_band",
                      "valid_until", "completed_at", "summary", "created_at", "updated_at",
                      "version")
ANSWER_COLUMNS = ("id", "assessment_id", "indicator_id", "value_number", "value_text",
                  "comment")


def load_reference(world):
    """Read the seeded service types and the published checklist's scoring criteria."""
    world.service_types = db.session.execute(
        select(ServiceType.id, ServiceType.code).order_by(ServiceType.position)).all()
    template = db.session.scalar(select(ChecklistTemplate).where(
        ChecklistTemplate.status == TemplateStatus.PUBLISHED.value).order_by(
        ChecklistTemplate.id))
    world.template_id = template.id
    indicators = db.session.scalars(select(Indicator).where(
        Indicator.template_id == template.id).order_by(Indicator.position)).all()
    world.criteria = [(i.id, i.criterion()) for i in indicators]


def add_providers(world, sink):
    sink.declare("providers", PROVIDER_COLUMNS)
    sink.declare("provider_services", ("provider_id", "service_type_id"))
    rng, statuses = world.rng, list(ProviderStatus)
    for number in range(1, world.scale.providers + 1):
        provider_id = sink.next_id("providers")
        status = rng.choices(statuses, weights=(88, 5, 4, 3))[0]
        suspended_until = world.scale.as_of + timedelta(days=rng.randint(10, 200)) \
            if status == ProviderStatus.SUSPENDED else None
        changed = None if status == ProviderStatus.ACTIVE else world.scale.as_of - timedelta(
            days=rng.randint(1, 300))
        groups = rng.sample([g.value for g in TargetGroup], rng.randint(1, 3))
        sink.add("providers", (
            provider_id, f"Fiktiv utförare {number:04d} AB", org_number(number),
            rng.choice((OrgForm.COMPANY, OrgForm.COMPANY, OrgForm.FOUNDATION,
                        OrgForm.ASSOCIATION)).value,
            rng.choice(world.municipalities).id, json.dumps(groups), "Fiktiv region",
            rng.randint(2, 40), "Syntetisk utförare för prestandatester.", status.value,
            None if changed is None else "Syntetisk statusändring", changed, suspended_until,
            True, world.now, world.now, 1))
        for type_id, _code in rng.sample(world.service_types, rng.randint(1, 3)):
            sink.add("provider_services", (provider_id, type_id))
        world.providers.append(provider_id)


def add_agreements(world, sink):
    for name, columns in (("agreements", AGREEMENT_COLUMNS), ("extension_options",
                          OPTION_COLUMNS), ("price_list_items", PRICE_COLUMNS)):
        sink.declare(name, columns)
    sink.declare("agreement_parties", ("agreement_id", "municipality_id"))
    sink.declare("agreement_providers", ("id", "agreement_id", "provider_id", "rank"))
    sink.declare("agreement_terms", ("id", "agreement_id", "code", "fulfilled", "note"))
    towns = world.municipalities
    for number in range(world.scale.agreements):
        _agreement(world, sink, number, towns[number % len(towns)])


def _agreement(world, sink, number, lead):
    rng, scale = world.rng, world.scale
    agreement_id = sink.next_id("agreements")
    start = world.day_between(scale.first_day, scale.as_of - timedelta(days=60))
    end = add_months(start, rng.choice((24, 36, 48)))
    sink.add("agreements", (
        agreement_id, f"SYN-{start.year}-{number + 1:05d}", f"Fiktivt avtal {number + 1:05d}",
        rng.choice(list(AgreementForm)).value, lead.id, start, end,
        rng.choice((None, 50_000_000_00, 120_000_000_00)), "", True, world.now, world.now, 1))
    parties = {lead.id} | {t.id for t in rng.sample(world.municipalities,
                                                    min(rng.randint(0, 5),
                                                        len(world.municipalities)))}
    for municipality_id in sorted(parties):
        sink.add("agreement_parties", (agreement_id, municipality_id))
    for sequence in range(1, rng.randint(0, 2) + 1):
        exercise_by = add_months(end, -3 + 12 * (sequence - 1))
        decided = exercise_by < scale.as_of
        sink.add("extension_options", (
            sink.next_id("extension_options"), agreement_id, sequence, 12, exercise_by,
            rng.choice(("exercised", "declined")) if decided else "pending",
            exercise_by - timedelta(days=10) if decided else None, world.now, world.now, 1))
    for code in CONTRACT_TERMS:
        sink.add("agreement_terms", (sink.next_id("agreement_terms"), agreement_id, code,
                                     rng.random() < 0.8, ""))
    providers = rng.sample(world.providers, min(rng.randint(1, 5), len(world.providers)))
    for rank, provider_id in enumerate(providers, start=1):
        sink.add("agreement_providers", (sink.next_id("agreement_providers"), agreement_id,
                                         provider_id, rank))
        for type_id, code in rng.sample(world.service_types, rng.randint(1, 2)):
            offer = _price_history(world, sink, agreement_id, provider_id, type_id, code,
                                   start, end)
            if code in PER_DAY:
                for municipality_id in parties:
                    world.offers.setdefault(municipality_id, []).append(offer)


def _price_history(world, sink, agreement_id, provider_id, type_id, code, start, end):
    """Add one to three successive prices; return the latest as an Offer."""
    price = round(BASE_PRICE[code] * world.rng.uniform(0.8, 1.25))
    valid_from = start
    periods = world.rng.randint(1, 3)
    for period in range(periods):
        last = period == periods - 1
        valid_to = None if last else add_months(valid_from, 12) - timedelta(days=1)
        item_id = sink.next_id("price_list_items")
        sink.add("price_list_items", (item_id, agreement_id, provider_id, type_id, "",
                                      valid_from, valid_to, price, world.now, world.now, 1))
        if not last:
            valid_from = valid_to + timedelta(days=1)
            price = round(price * world.rng.uniform(1.01, 1.05))
    return Offer(agreement_id, provider_id, type_id, item_id, price)


def add_assessments(world, sink):
    """One to three completed assessments per provider, scored by the real scoring rule."""
    sink.declare("assessments", ASSESSMENT_COLUMNS)
    sink.declare("assessment_answers", ANSWER_COLUMNS)
    bands = parse_bands(current_settings().quality_bands)
    for provider_id in world.providers:
        for _ in range(world.rng.randint(1, 3)):
            _assessment(world, sink, provider_id, bands)


def _assessment(world, sink, provider_id, bands):
    rng, scale = world.rng, world.scale
    town = rng.choice(world.municipalities)
    assessed_on = world.day_between(scale.first_day, scale.as_of - timedelta(days=1))
    good = rng.random() < 0.85
    values = [(criterion, _answer(rng, criterion, good)) for _id, criterion in world.criteria]
    result = score(values, bands)
    assessment_id = sink.next_id("assessments")
    completed = world.moment(assessed_on)
    sink.add("assessments", (
        assessment_id, provider_id, world.template_id, town.id,
        world.users[(town.id, Role.PURCHASER)], assessed_on, "completed", result.score,
        result.passed, result.band, result.lowest_band, add_months(assessed_on, 24),
        completed, "", completed, completed, 1))
    for (indicator_id, criterion), (_c, value) in zip(world.criteria, values, strict=True):
        text = "Fiktivt svar." if criterion.answer_type == AnswerType.TEXT else None
        number = None if text else (float(value) if value is not None else None)
        sink.add("assessment_answers", (sink.next_id("assessment_answers"), assessment_id,
                                        indicator_id, number, text, ""))


def _answer(rng, criterion, good):
    if criterion.answer_type == AnswerType.YES_NO:
        return 1 if (good or rng.random() < 0.5) else rng.choice((0, 1))
    if criterion.answer_type == AnswerType.SCALE:
        return rng.choice((2, 3)) if good else rng.randint(0, 3)
    if criterion.answer_type == AnswerType.NUMBER:
        low, high = criterion.zero_at or 0.0, criterion.full_at or 10.0
        return round(rng.uniform(min(low, high), max(low, high)), 1)
    return None
