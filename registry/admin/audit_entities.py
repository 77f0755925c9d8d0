"""What each audited `entity` string means in Swedish, and which placement it belongs to.

Services record an entity as a table name (`monthly_reports`), a singular name (`provider`),
a name of their own (`finance_placements`) or, for a refused request, the endpoint
(`placements.detail`, `reports.costs`). Loggkontroll shows the Swedish name given here;
`tests/admin/test_audit_labels.py` scans every `audit.record` call in the tree and fails when
an entity has no label, so a new one cannot be forgotten.
"""

from dataclasses import dataclass

from registry.finance.models import Invoice, ReimbursementClaim
from registry.placements.models import (
    Deviation,
    Extension,
    FollowUp,
    MonthlyReport,
    PlacementAddon,
    RateChange,
)


@dataclass(frozen=True)
class Entity:
    label: str
    table: str | None = None  # the table whose columns its changes name
    placement_child: type | None = None  # a model with `placement_id`: rows of one placement


def _table(label, table, child=None):
    return Entity(label, table, child)


ENTITIES = {
    "placements": _table("Placering", "placements"),
    "finance_placements": Entity("Placeringar (ekonomiöversikt)"),
    "monthly_reports": _table("Månadsrapport", "monthly_reports", MonthlyReport),
    "follow_ups": _table("Uppföljning", "follow_ups", FollowUp),
    "deviations": _table("Avvikelse", "deviations", Deviation),
    "placement_extensions": _table("Förlängning av placering", "placement_extensions",
                                   Extension),
    "placement_rate_changes": _table("Ändrat dygnspris", "placement_rate_changes", RateChange),
    "placement_addons": _table("Tillägg till placering", "placement_addons", PlacementAddon),
    "invoices": _table("Faktura", "invoices", Invoice),
    "invoice_imports": Entity("Fakturaimport (fil från ekonomisystemet)"),
    "reimbursement_claims": _table("Återsökning (ersättningsansökan)", "reimbursement_claims",
                                   ReimbursementClaim),
    "budgets": _table("Budget", "budgets"),
    "agreements": _table("Avtal", "agreements"),
    "agreement": _table("Avtal", "agreements"),
    "agreement_ocds": Entity("Avtal som öppna data (OCDS)"),
    "agreement_parties": _table("Avtalsparter", "agreement_parties"),
    "agreement_providers": _table("Utförare i avtal", "agreement_providers"),
    "agreement_provider": _table("Utförare i avtal", "agreement_providers"),
    "agreement_terms": _table("Avtalsvillkor", "agreement_terms"),
    "extension_options": _table("Förlängningsoption", "extension_options"),
    "extension_option": _table("Förlängningsoption", "extension_options"),
    "price_list_items": _table("Prispost", "price_list_items"),
    "price_list_item": _table("Prispost", "price_list_items"),
    "providers": _table("Utförare", "providers"),
    "provider": _table("Utförare", "providers"),
    "provider_services": _table("Utförarens insatstyper", "provider_services"),
    "provider_comparison": Entity("Jämförelse av utförare"),
    "service_types": _table("Insatstyp", "service_types"),
    "service_type": _table("Insatstyp", "service_types"),
    "new_prices": Entity("Nya priser att bekräfta"),
    "documents": _table("Dokument", "documents"),
    "document": _table("Dokument", "documents"),
    "assessments": _table("Kvalitetsbedömning", "assessments"),
    "assessment_answers": _table("Svar i kvalitetsbedömning", "assessment_answers"),
    "checklist_templates": _table("Kvalitetschecklista", "checklist_templates"),
    "indicators": _table("Kvalitetsindikator", "indicators"),
    "users": _table("Användare", "users"),
    "user": _table("Användare", "users"),
    "user_roles": _table("Användarroll", "user_roles"),
    "api_tokens": _table("API-nyckel", "api_tokens"),
    "api_token": _table("API-nyckel", "api_tokens"),
    "login_failures": _table("Misslyckat inloggningsförsök", "login_failures"),
    "address_failures": _table("Misslyckat inloggningsförsök från en adress",
                               "address_failures"),
    "municipalities": _table("Kommun", "municipalities"),
    "alerts": _table("Bevakning", "alerts"),
    "shared_alert_states": _table("Kommunens hantering av gemensam bevakning",
                                  "shared_alert_states"),
    "digest_deliveries": _table("Bevakningsbrev (e-post)", "digest_deliveries"),
    "job_runs": _table("Schemalagd körning", "job_runs"),
    "audit_events": _table("Logg (loggkontroll)", "audit_events"),
    "report": Entity("Statistikrapport"),
}

# A refused request records its endpoint ("blueprint.view"): named by the part of the registry.
AREAS = {
    "admin": "administration", "agreements": "avtal", "alerts": "bevakningar",
    "api": "API", "auth": "inloggning", "dashboard": "startsidan", "finance": "ekonomi",
    "health": "driftstatus", "pages": "allmänna sidor", "placements": "placeringar",
    "providers": "utförare", "quality": "kvalitet", "reports": "statistik",
    "service_types": "insatstyper",
}

# Entities that are one placement itself (the rest of its rows are its children's).
PLACEMENT_ENTITIES = ("placements",)
PLACEMENT_CHILDREN = {name: entity.placement_child for name, entity in ENTITIES.items()
                      if entity.placement_child is not None}


def entity(name):
    """Return the Entity of a recorded entity string, None when it has none."""
    return ENTITIES.get(name or "")


def entity_label(name):
    """Return the Swedish name of a recorded entity; an endpoint names its part of the site."""
    if not name:
        return "–"
    found = ENTITIES.get(name)
    if found is not None:
        return found.label
    area, dot, view = name.partition(".")
    if dot and area in AREAS:
        return f"Sida i {AREAS[area]} ({view})"
    return name


def has_label(name):
    """Return True when `entity_label` has a Swedish name for `name` (tests use this)."""
    area, dot, _view = name.partition(".")
    return name in ENTITIES or bool(dot and area in AREAS)


def aliases(name):
    """Return every entity string shown with the same Swedish name ("agreement", "agreements")."""
    label = entity_label(name)
    return sorted({name} | {other for other, found in ENTITIES.items() if found.label == label})


def filter_choices(recorded):
    """Return (value, label) pairs of the recorded entities, one per Swedish name, by name."""
    by_label = {}
    for name in sorted(recorded):
        by_label.setdefault(entity_label(name), name)
    return sorted(((name, label) for label, name in by_label.items()), key=lambda p: p[1])
