"""Demo providers: Passus and Vision 24 as the sources describe them, the rest fictional."""

from registry.core.identifiers import normalise_org_number
from registry.extensions import db
from registry.providers.models import OrgForm, Provider, ProviderStatus, TargetGroup
from registry.seeding.files import SeedDataError, check_keys, load_yaml, require

PROVIDER_FIELDS = (
    "legal_name", "org_number", "org_form", "fictional", "description", "services",
    "target_groups", "regions", "capacity", "permit_number", "permit_scope",
    "permit_valid_until_offset_days", "contact_email", "contact_phone", "website", "status",
    "status_reason", "status_changed_on_offset_days", "suspended_until_offset_days",
    "municipality")
PLAIN_FIELDS = ("legal_name", "org_form", "description", "regions", "capacity", "permit_number",
                "permit_scope", "contact_email", "contact_phone", "website", "status_reason")


def seed_providers(ctx):
    for row in load_yaml("demo", "providers.yaml")["providers"]:
        where = f"utförare {row.get('legal_name')}"
        check_keys(row, PROVIDER_FIELDS, where)
        require(row, ("legal_name", "org_number", "org_form"), where)
        org_number = _org_number(row["org_number"], where)
        if ctx.provider(org_number, required=False) is not None:
            continue
        db.session.add(_provider(ctx, row, org_number))
        ctx.created("providers")
    db.session.flush()


def _provider(ctx, row, org_number):
    OrgForm(row["org_form"])
    status = ProviderStatus(row.get("status", ProviderStatus.ACTIVE.value))
    groups = [TargetGroup(group).value for group in row.get("target_groups", [])]
    provider = Provider(
        org_number=org_number, fictional=bool(row.get("fictional", True)), target_groups=groups,
        status=status.value,
        permit_valid_until=ctx.date_field(row, "permit_valid_until"),
        status_changed_on=ctx.date_field(row, "status_changed_on"),
        suspended_until=ctx.date_field(row, "suspended_until"),
        **{name: row[name] for name in PLAIN_FIELDS if name in row})
    provider.services = [ctx.service_type(code) for code in row.get("services", [])]
    if row.get("municipality"):
        provider.municipality_id = ctx.municipality(row["municipality"]).id
    return provider


def _org_number(text, where):
    try:
        return normalise_org_number(text)
    except ValueError as exc:
        raise SeedDataError(f"{where}: {exc}") from exc

