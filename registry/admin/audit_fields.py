"""Swedish labels of every audited field, and what kind of value each one holds.

A field's kind decides how loggkontroll shows its before and after values: dates as ISO,
times in Swedish time, money in kronor, coded values by their Swedish label, numbers and ids
as they are, a few identifiers (case reference, diarienummer, invoice number) verbatim.
Everything else is free text and is only ever shown as "ändrad". An unknown field is free
text too, so a new column can never leak its contents; `tests/admin/test_audit_labels.py`
fails until it has a label.
"""

from dataclasses import dataclass

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, Numeric

from registry.agreements.models import AgreementForm, OptionDecision
from registry.alerts.models import AlertStatus, Severity
from registry.alerts.rules import rule_label
from registry.core.audit import AuditAction
from registry.core.permissions import Role
from registry.extensions import db
from registry.finance.models import BudgetLine, ClaimStatus
from registry.placements.choices import (
    POLICE_CRITERIA,
    AgeBand,
    DeviationDecision,
    DeviationKind,
    EndReason,
    GoalProgress,
    Participation,
    ReportDecision,
    Reporter,
    ReportSource,
    SupportCategory,
)
from registry.providers.models import (
    DocumentKind,
    OrgForm,
    ProviderStatus,
    ServiceUnit,
    TargetGroup,
)
from registry.quality.models import AssessmentStatus, TemplateStatus
from registry.quality.scoring import AnswerType

LABELS = {
    **POLICE_CRITERIA,
    "municipality_id": "Kommun", "case_reference": "Ärendereferens",
    "case_officer_id": "Ansvarig socialsekreterare", "support_category": "Stödkategori",
    "age_band": "Åldersgrupp", "service_type_id": "Insatstyp", "provider_id": "Utförare",
    "agreement_id": "Avtal", "outside_agreement_reason": "Motivering för placering utanför avtal",
    "standing_override_reason": "Motivering trots kvalitetsbedömningen",
    "price_item_id": "Prispost", "daily_rate_ore": "Pris", "rate_unit": "Prisenhet",
    "planned_hours_per_month": "Planerade timmar per månad",
    "hours_per_month": "Timmar per månad", "hours": "Timmar",
    "start_date": "Startdatum",
    "initial_period_end": "Första periodens slut", "planned_end": "Planerat slutdatum",
    "end_date": "Slutdatum", "end_reason": "Avslutsorsak", "care_plan_on": "Vårdplan upprättad",
    "implementation_plan_received_on": "Genomförandeplan mottagen",
    "placement_id": "Placering", "month": "Månad", "source": "Källa", "received_on": "Mottagen",
    "days_in_care": "Vårddygn", "participation": "Deltagande",
    "goal_progress": "Framsteg mot målen", "deviations_flagged": "Avvikelser flaggade",
    "report_text": "Rapporttext", "follow_up_note": "Uppföljningsanteckning",
    "decision": "Beslut", "reviewed_by_id": "Granskad av", "reviewed_at": "Granskad",
    "held_on": "Uppföljningsdatum", "participants": "Deltagare", "outcome": "Resultat",
    "next_due": "Nästa uppföljning", "recorded_by_id": "Registrerad av",
    "occurred_on": "Händelsedatum", "kind": "Typ", "reported_by": "Rapporterad av",
    "description": "Beskrivning", "meeting_on": "Mötesdatum", "decided_on": "Beslutsdatum",
    "decided_by_id": "Beslutad av", "new_end": "Nytt slutdatum", "reason": "Motivering",
    "valid_from": "Gäller från", "valid_to": "Gäller till", "invoice_number": "Fakturanummer",
    "period_start": "Period från", "period_end": "Period till", "days": "Dygn",
    "amount_ore": "Belopp", "mismatch_reason": "Förklaring till avvikelse", "note": "Anteckning",
    "status": "Status", "submitted_on": "Inskickad", "approved_ore": "Beviljat belopp",
    "paid_on": "Utbetald", "paid_ore": "Utbetalt belopp", "created_by_id": "Skapad av",
    "submitted_by_id": "Inskickad av", "paid_by_id": "Utbetalning registrerad av",
    "police_reference": "Polisens diarienummer", "claim_id": "Återsökning",
    "year": "År", "line": "Budgetrad", "reference": "Diarienummer", "title": "Benämning",
    "form": "Avtalsform", "lead_municipality_id": "Ansvarig kommun", "ceiling_ore": "Takvärde",
    "fictional": "Fiktiv (demodata)", "rank": "Rangordning", "call_off_rule": "Avropsregel",
    "sequence": "Optionens nummer", "length_months": "Förlängning (månader)",
    "exercise_by": "Sista dag att utnyttja", "code": "Kod", "fulfilled": "Uppfyllt",
    "unit": "Prisenhet", "requires_permit": "Kräver IVO-tillstånd", "residential": "Boende",
    "addon": "Tillägg", "price_ore": "Pris", "superseded_at": "Ersatt",
    "legal_name": "Juridiskt namn", "org_number": "Organisationsnummer",
    "org_form": "Organisationsform", "target_groups": "Målgrupper", "regions": "Regioner",
    "capacity": "Kapacitet", "permit_number": "Tillståndsnummer (IVO)",
    "permit_scope": "Tillståndets omfattning", "permit_valid_until": "Tillståndet gäller till",
    "contact_email": "Kontaktens e-post", "contact_phone": "Kontaktens telefon",
    "website": "Webbplats", "status_reason": "Skäl för status",
    "status_changed_on": "Status ändrad", "suspended_until": "Avstängd till",
    "original_name": "Filnamn", "content_type": "Filtyp", "size_bytes": "Storlek (byte)",
    "sha256": "Kontrollsumma (SHA-256)", "uploaded_by_id": "Uppladdad av",
    "public_id": "Dokumentets slumpade adress", "alert_id": "Bevakning",
    "address": "Nätverksadress", "occurred_at": "Tidpunkt",
    "uploaded_at": "Uppladdad", "template_id": "Kvalitetschecklista", "assessor_id": "Bedömare",
    "assessed_on": "Bedömningsdatum", "score": "Poäng", "passed": "Godkänd", "band": "Nivå",
    "lowest_band": "Lägsta nivån", "valid_until": "Giltig till", "completed_at": "Slutförd",
    "summary": "Sammanfattning", "assessment_id": "Kvalitetsbedömning",
    "indicator_id": "Indikator", "value_number": "Svar (tal)", "value_text": "Svar (text)",
    "comment": "Kommentar", "evidence_document_id": "Underlag",
    "family": "Checklistfamilj", "version_number": "Versionsnummer", "name": "Namn",
    "provenance": "Ursprung", "published_at": "Publicerad", "based_on_id": "Bygger på version",
    "section": "Avsnitt", "position": "Ordning", "text": "Text", "guidance": "Vägledning",
    "grounding": "Förankring", "answer_type": "Svarstyp", "weight": "Vikt",
    "critical": "Kritisk", "evidence_required": "Underlag krävs",
    "number_zero_at": "Tal för 0 poäng", "number_full_at": "Tal för full poäng",
    "email": "E-post", "display_name": "Namn", "active": "Aktiv",
    "last_login_at": "Senaste inloggning", "password_changed_at": "Lösenord ändrat",
    "user_id": "Användare", "label": "Benämning", "expires_at": "Går ut",
    "last_used_at": "Senast använd", "revoked_at": "Återkallad", "rule": "Bevakningsregel",
    "subject_type": "Gäller", "subject_id": "Gäller post", "audience": "Mottagare",
    "due_date": "Förfallodatum", "severity": "Allvarlighetsgrad",
    "snoozed_until": "Pausad till", "acknowledged_at": "Kvitterad",
    "acknowledged_by_id": "Kvitterad av", "resolved_at": "Löst", "created_at": "Skapad",
    # keys that are not columns
    "rows": "Antal rader", "format": "Filformat", "file": "Fil", "report": "Rapport",
    "reauthentication": "Bekräftad inloggning", "roles": "Roller", "services": "Insatstyper",
    "revoked": "Återkallad", "password": "Lösenord", "providers": "Antal utförare",
    "answers": "Svar", "terms": "Avtalsvillkor", "action": "Händelse",
}
# The same column name meaning something else in one table.
TABLE_LABELS = {
    ("agreements", "participants"): "Deltagande kommuner",
    ("agreements", "title"): "Avtalets benämning",
    ("documents", "kind"): "Dokumenttyp",
    ("deviations", "kind"): "Typ av avvikelse",
}
ENUMS = {
    "support_category": SupportCategory, "age_band": AgeBand, "end_reason": EndReason,
    "source": ReportSource, "participation": Participation, "goal_progress": GoalProgress,
    "reported_by": Reporter, "severity": Severity, "line": BudgetLine, "form": AgreementForm,
    "org_form": OrgForm, "target_groups": TargetGroup, "answer_type": AnswerType,
    "roles": Role, "rule": rule_label, "action": AuditAction, "unit": ServiceUnit,
    "rate_unit": ServiceUnit,
    ("monthly_reports", "decision"): ReportDecision,
    ("deviations", "decision"): DeviationDecision,
    ("extension_options", "decision"): OptionDecision,
    ("deviations", "kind"): DeviationKind, ("documents", "kind"): DocumentKind,
    ("reimbursement_claims", "status"): ClaimStatus, ("providers", "status"): ProviderStatus,
    ("assessments", "status"): AssessmentStatus,
    ("checklist_templates", "status"): TemplateStatus, ("alerts", "status"): AlertStatus,
    ("shared_alert_states", "status"): AlertStatus,
}
# Short identifiers and codes shown as they are (never a person's words).
SHOWN = {"case_reference", "reference", "police_reference", "invoice_number", "org_number",
         "permit_number", "code", "sha256", "format", "file", "report", "band", "content_type",
         "subject_type", "family", "audience"}
# Keys that are not columns, by kind.
KINDS = {"rows": "number", "providers": "number", "reauthentication": "bool",
         "revoked": "bool", "services": "ids", "answers": "ids",
         ("agreements", "participants"): "ids"}
# The table an id names, for keys that are not foreign-key columns.
TARGETS = {"services": "service_types", ("agreements", "participants"): "municipalities"}


@dataclass(frozen=True)
class Field:
    label: str
    kind: str  # date, time, money, number, id, ids, bool, enum, shown, text
    labels: object = None  # a labelled enum, or a function from value to label
    target: str | None = None  # for an id: the table it names (users, providers, …)


def _by_table(mapping, table, name):
    return mapping.get((table, name), mapping.get(name))


def field(table, name):
    """Return the Field of `name` in `table` (None for an entity without a table)."""
    label = _by_table(TABLE_LABELS, table, name) or LABELS.get(name, name)
    labels = _by_table(ENUMS, table, name)
    if labels is not None:
        return Field(label, "enum", labels)
    kind, target = _by_table(KINDS, table, name), _by_table(TARGETS, table, name)
    if kind is None:
        column = _column(table, name)
        kind = "shown" if name in SHOWN else _column_kind(column, name)
        target = _target(column)
    return Field(label, kind, target=target)


def has_label(table, name):
    """Return True when the field has a Swedish label (tests use this)."""
    return (table, name) in TABLE_LABELS or name in LABELS


def _column(table, name):
    return db.metadata.tables[table].c.get(name) if table in db.metadata.tables else None


def _target(column):
    """Return the table a foreign-key column points at, None for any other column."""
    keys = list(column.foreign_keys) if column is not None else []
    return keys[0].column.table.name if keys else None


def _column_kind(column, name):
    """Infer the kind from the column's type; anything textual (or unknown) is free text."""
    if column is None:
        return "text"
    kind = column.type
    if isinstance(kind, Boolean):
        return "bool"
    if isinstance(kind, DateTime):
        return "time"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, Integer):
        if name.endswith("_ore"):
            return "money"
        return "id" if column.foreign_keys or name.endswith("_id") else "number"
    if isinstance(kind, (Float, Numeric)):
        return "number"
    if isinstance(kind, JSON):
        return "text"
    return "text"
