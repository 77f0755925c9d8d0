"""Demo agreements with their parties, ranked providers, options, terms and price list."""

from sqlalchemy import select

from registry.agreements.models import (
    CONTRACT_TERMS,
    Agreement,
    AgreementForm,
    AgreementProvider,
    AgreementTerm,
    ExtensionOption,
    OptionDecision,
    PriceListItem,
)
from registry.extensions import db
from registry.seeding.files import SeedDataError, check_keys, load_csv, load_yaml, require

AGREEMENT_FIELDS = ("reference", "title", "form", "lead", "participants", "start",
                    "start_offset_days", "end", "end_offset_days", "ceiling_ore",
                    "description", "providers", "options", "terms")
OPTION_FIELDS = ("sequence", "length_months", "exercise_by", "exercise_by_offset_days",
                 "decision", "decided_on", "decided_on_offset_days")
PRICE_FIELDS = ("agreement_reference", "provider_org_number", "service_type", "addon",
                "valid_from_offset_days", "valid_to_offset_days", "price_ore")


def seed_agreements(ctx):
    for row in load_yaml("demo", "agreements.yaml")["agreements"]:
        where = f"avtal {row.get('reference')}"
        check_keys(row, AGREEMENT_FIELDS, where)
        require(row, ("reference", "title", "form", "lead"), where)
        if ctx.agreement(row["reference"], required=False) is not None:
            continue
        agreement = _agreement(ctx, row, where)
        db.session.add(agreement)
        ctx.created("agreements")
    db.session.flush()
    seed_price_items(ctx)


def _agreement(ctx, row, where):
    agreement = Agreement(
        reference=row["reference"], title=row["title"], form=AgreementForm(row["form"]).value,
        lead_municipality=ctx.municipality(row["lead"]),
        start_date=_required_date(ctx, row, "start", where),
        end_date=_required_date(ctx, row, "end", where),
        ceiling_ore=row.get("ceiling_ore"), description=row.get("description", ""),
        fictional=True)
    agreement.participants = [ctx.municipality(slug) for slug in row.get("participants", [])]
    agreement.providers = [_party(ctx, party) for party in row.get("providers", [])]
    agreement.options = [_option(ctx, option, where) for option in row.get("options", [])]
    agreement.terms = _terms(row.get("terms", {}), where)
    ctx.created("agreement_providers", len(agreement.providers))
    ctx.created("extension_options", len(agreement.options))
    ctx.created("agreement_terms", len(agreement.terms))
    return agreement


def _party(ctx, party):
    check_keys(party, ("org_number", "rank", "call_off_rule"), "utförare på avtal")
    provider = ctx.provider(party["org_number"])
    if not provider.fictional:
        raise SeedDataError(f"{provider.legal_name}: bara fiktiva utförare får stå på demoavtal")
    return AgreementProvider(provider=provider, rank=party.get("rank"),
                             call_off_rule=party.get("call_off_rule"))


def _option(ctx, option, where):
    check_keys(option, OPTION_FIELDS, f"{where}, option")
    decision = OptionDecision(option.get("decision", OptionDecision.PENDING.value))
    return ExtensionOption(
        sequence=option["sequence"], length_months=option["length_months"],
        exercise_by=_required_date(ctx, option, "exercise_by", where),
        decision=decision.value, decided_on=ctx.date_field(option, "decided_on"))


def _terms(terms, where):
    """One AgreementTerm per contract term the report asks for; all four must be given."""
    if set(terms) != set(CONTRACT_TERMS):
        raise SeedDataError(f"{where}: villkoren ska vara exakt {sorted(CONTRACT_TERMS)}")
    rows = []
    for code, term in terms.items():
        check_keys(term, ("fulfilled", "note"), f"{where}, villkor {code}")
        rows.append(AgreementTerm(code=code, fulfilled=bool(term["fulfilled"]),
                                  note=term.get("note") or ""))
    return rows


def seed_price_items(ctx):
    """Price list items, one CSV row each; looked up by agreement, provider, service, add-on
    and price, so a re-run on a later day does not copy them."""
    for number, row in enumerate(load_csv("demo", "price_items.csv"), start=2):
        where = f"price_items.csv rad {number}"
        check_keys(row, PRICE_FIELDS, where)
        require(row, ("agreement_reference", "provider_org_number", "service_type",
                      "valid_from_offset_days", "price_ore"), where)
        service = ctx.service_type(row["service_type"])
        keys = {"agreement_id": ctx.agreement(row["agreement_reference"]).id,
                "provider_id": ctx.provider(row["provider_org_number"]).id,
                "service_type_id": service.id,
                "addon": row["addon"] or "", "price_ore": int(row["price_ore"])}
        if db.session.scalar(select(PriceListItem.id).filter_by(**keys)) is not None:
            continue
        db.session.add(PriceListItem(valid_from=ctx.date_field(row, "valid_from"),
                                     valid_to=ctx.date_field(row, "valid_to"),
                                     unit=service.unit, **keys))
        ctx.created("price_list_items")
    db.session.flush()


def _required_date(ctx, row, name, where):
    value = ctx.date_field(row, name)
    if value is None:
        raise SeedDataError(f"{where}: saknar {name} eller {name}_offset_days")
    return value
