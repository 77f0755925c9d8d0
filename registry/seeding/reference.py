"""Reference data seeded in every environment: municipalities, service types, checklist."""

from sqlalchemy import select

from registry.core.dates import utcnow
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.providers.models import ServiceType, ServiceUnit
from registry.quality.models import AnswerType, ChecklistTemplate, Indicator, TemplateStatus
from registry.seeding.files import SeedDataError, check_keys, load_yaml, require

MUNICIPALITY_FIELDS = ("slug", "name", "scb_code", "lpo", "youth_age_limit",
                       "initial_period_months", "follow_up_interval_months", "report_due_day")
SERVICE_TYPE_FIELDS = ("code", "name", "unit", "requires_permit", "residential")
TEMPLATE_FIELDS = ("family", "version_number", "name", "provenance", "sections")
INDICATOR_FIELDS = ("code", "text", "guidance", "grounding", "answer_type", "weight",
                    "critical", "evidence_required")
CHECKLIST_FILES = (("checklists", "nordvast-kvalitet-v1.yaml"),)


def seed_reference(ctx):
    seed_municipalities(ctx)
    seed_service_types(ctx)
    for parts in CHECKLIST_FILES:
        seed_checklist(ctx, load_yaml(*parts))
    db.session.flush()


def municipality_rows():
    """The municipality records of seed/municipalities.yaml, in file order."""
    return load_yaml("municipalities.yaml")["municipalities"]


def seed_municipalities(ctx):
    for row in municipality_rows():
        check_keys(row, MUNICIPALITY_FIELDS, f"kommun {row.get('slug')}")
        require(row, ("slug", "name", "scb_code", "lpo"), f"kommun {row.get('slug')}")
        if _exists(Municipality, slug=row["slug"]):
            continue
        db.session.add(Municipality(**{**row, "scb_code": str(row["scb_code"])}))
        ctx.created("municipalities")
    db.session.flush()


def seed_service_types(ctx):
    rows = load_yaml("service_types.yaml")["service_types"]
    for position, row in enumerate(rows, start=1):
        check_keys(row, SERVICE_TYPE_FIELDS, f"insatstyp {row.get('code')}")
        require(row, ("code", "name", "unit"), f"insatstyp {row.get('code')}")
        ServiceUnit(row["unit"])
        if _exists(ServiceType, code=row["code"]):
            continue
        db.session.add(ServiceType(position=position, **row))
        ctx.created("service_types")
    db.session.flush()


def seed_checklist(ctx, data):
    """Create a published template with its indicators unless that family+version exists."""
    check_keys(data, TEMPLATE_FIELDS, "checklista")
    require(data, ("family", "version_number", "name", "provenance"), "checklista")
    if _exists(ChecklistTemplate, family=data["family"],
               version_number=data["version_number"]):
        return None
    template = ChecklistTemplate(
        family=data["family"], version_number=data["version_number"], name=data["name"],
        provenance=data["provenance"], status=TemplateStatus.PUBLISHED.value,
        published_at=utcnow())
    template.indicators = list(_indicators(data["sections"]))
    db.session.add(template)
    ctx.created("checklist_templates")
    ctx.created("indicators", len(template.indicators))
    return template


def _indicators(sections):
    position = 0
    for section in sections:
        for row in section["indicators"]:
            where = f"indikator {row.get('code')}"
            check_keys(row, INDICATOR_FIELDS, where)
            require(row, ("code", "text", "answer_type"), where)
            AnswerType(row["answer_type"])
            position += 1
            yield Indicator(
                section=section["name"], position=position, code=row["code"], text=row["text"],
                guidance=row.get("guidance", ""), grounding=row.get("grounding", ""),
                answer_type=row["answer_type"], weight=row.get("weight", 1),
                critical=bool(row.get("critical", False)),
                evidence_required=bool(row.get("evidence_required", False)))
    if position == 0:
        raise SeedDataError("checklistan saknar indikatorer")


def _exists(model, **keys):
    return db.session.scalar(select(model.id).filter_by(**keys)) is not None
