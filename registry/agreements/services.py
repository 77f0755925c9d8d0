"""Writes to agreements: the agreement, its providers, options and terms. Flush, audit, raise.

Changing a part of an agreement (a provider, an option, a term) also bumps the agreement's
version, so an edit form read before the change is refused as stale.
"""

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from registry.agreements.models import (
    CONTRACT_TERMS,
    Agreement,
    AgreementProvider,
    AgreementTerm,
    ExtensionOption,
    OptionDecision,
    PriceListItem,
)
from registry.agreements.status import effective_end
from registry.core import audit
from registry.core.dates import today, utcnow
from registry.core.locking import check_version
from registry.core.refusal import Refused
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.providers.models import Provider, ProviderStatus
from registry.providers.status import provider_status

AGREEMENT_FIELDS = ("reference", "title", "form", "lead_municipality_id", "start_date",
                    "end_date", "ceiling_ore", "description")
OPTION_FIELDS = ("decision", "decided_on", "decided_by_id")


def create_agreement(values, user):
    """Register an agreement in which the user's municipality is a party."""
    agreement = Agreement(fictional=False)
    _apply(agreement, values, user)
    audit.record("create", entity="agreement", entity_id=agreement.id)
    return agreement


def update_agreement(agreement, values, version, user):
    """Change an agreement's details, refusing a stale form."""
    check_version(agreement, version)
    before = {m.id for m in agreement.participants}
    changes = _apply(agreement, values, user)
    after = {m.id for m in agreement.participants}
    if before != after:
        changes["participants"] = {"before": sorted(before), "after": sorted(after)}
    audit.record("update", entity="agreement", entity_id=agreement.id, changes=changes)
    return agreement


def _apply(agreement, values, user):
    """Set the fields and parties; return the audit diff (taken before the flush)."""
    ids = set(values["participant_ids"]) | {values["lead_municipality_id"]}
    if user.municipality_id not in ids:
        raise Refused("Din kommun måste vara ansvarig eller deltagande kommun i "
                               "avtalet.", "participant_ids")
    with db.session.no_autoflush:
        for name in AGREEMENT_FIELDS:
            setattr(agreement, name, values[name])
        agreement.participants = list(db.session.scalars(
            select(Municipality).where(Municipality.id.in_(ids))))
        changes = audit.diff(agreement, AGREEMENT_FIELDS)
    _flush_unique_reference(agreement)
    return changes


def _flush_unique_reference(agreement):
    message = f"Det finns redan ett avtal med diarienummer {agreement.reference}."
    with db.session.no_autoflush:
        taken = db.session.scalar(select(Agreement.id).where(
            Agreement.reference == agreement.reference, Agreement.id != (agreement.id or 0)))
    if taken is not None:
        raise Refused(message, "reference")
    db.session.add(agreement)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as exc:
        raise Refused(message, "reference") from exc


def touch(agreement):
    """Mark the agreement changed so its version moves with its parts."""
    agreement.updated_at = utcnow()


def add_provider(agreement, provider_id, rank=None, call_off_rule=None):
    """Put a provider on the agreement with a rank or a call-off rule."""
    provider = db.session.get(Provider, provider_id)
    if provider is None:
        raise Refused("Välj en utförare.", "provider_id")
    if provider_status(provider, today()) == ProviderStatus.TERMINATED:
        raise Refused("Utföraren är avslutad och kan inte läggas till.", "provider_id")
    for row in agreement.providers:
        if row.provider_id == provider.id:
            raise Refused("Utföraren finns redan på avtalet.", "provider_id")
        if rank is not None and row.rank == rank:
            raise Refused(f"Rang {rank} har redan {row.provider.legal_name}.", "rank")
    row = AgreementProvider(provider_id=provider.id, rank=rank,
                            call_off_rule=(call_off_rule or "").strip() or None)
    agreement.providers.append(row)
    touch(agreement)
    db.session.flush()
    audit.record("create", entity="agreement_provider", entity_id=row.id, changes={
        "agreement_id": {"before": None, "after": agreement.id},
        "provider_id": {"before": None, "after": provider.id},
        "rank": {"before": None, "after": rank}})
    return row


def remove_provider(agreement, row):
    """Take a provider off the agreement, unless it has prices on it."""
    priced = db.session.scalar(select(func.count(PriceListItem.id)).where(
        PriceListItem.agreement_id == agreement.id,
        PriceListItem.provider_id == row.provider_id))
    if priced:
        raise Refused("Utföraren har priser på avtalet och kan inte tas bort. "
                               "Avsluta priserna i stället.")
    audit.record("delete", entity="agreement_provider", entity_id=row.id, changes={
        "provider_id": {"before": row.provider_id, "after": None}})
    agreement.providers.remove(row)
    touch(agreement)
    db.session.flush()


def add_option(agreement, length_months, exercise_by, version):
    """Add the next extension option; it must be exercisable before the term it extends ends."""
    check_version(agreement, version)
    latest_end = effective_end(agreement.end_date, [o.length_months for o in agreement.options])
    if exercise_by > latest_end:
        raise Refused("Sista dag att utnyttja optionen måste ligga senast den dag "
                               f"avtalet annars löper ut ({latest_end}).", "exercise_by")
    sequence = max((o.sequence for o in agreement.options), default=0) + 1
    option = ExtensionOption(sequence=sequence, length_months=length_months,
                             exercise_by=exercise_by)
    agreement.options.append(option)
    touch(agreement)
    db.session.flush()
    audit.record("create", entity="extension_option", entity_id=option.id, changes={
        "agreement_id": {"before": None, "after": agreement.id},
        "length_months": {"before": None, "after": length_months},
        "exercise_by": {"before": None, "after": str(exercise_by)}})
    return option


def decide_option(option, decision, decided_on, user, version, on=None):
    """Record the decision to exercise or decline an option, with who and when."""
    check_version(option, version)
    _check_decision(option, OptionDecision(decision), decided_on, on or today())
    option.decision = decision
    option.decided_on = decided_on
    option.decided_by_id = user.id
    changes = audit.diff(option, OPTION_FIELDS)
    touch(option.agreement)
    db.session.flush()
    audit.record("update", entity="extension_option", entity_id=option.id, changes=changes)
    return option


def _check_decision(option, decision, decided_on, on):
    if option.decision != OptionDecision.PENDING:
        raise Refused("Optionen är redan beslutad; ett beslut ändras inte i efterhand.",
                               "decision")
    if decided_on > on:
        raise Refused("Beslutsdatumet kan inte ligga i framtiden.", "decided_on")
    if decision != OptionDecision.EXERCISED:
        return
    if decided_on > option.exercise_by:
        raise Refused(f"Sista dag att utnyttja optionen var {option.exercise_by}.",
                               "decided_on")
    earlier = [o for o in option.agreement.options if o.sequence < option.sequence]
    if any(o.decision != OptionDecision.EXERCISED for o in earlier):
        raise Refused("Tidigare optioner måste vara utnyttjade innan den här kan "
                               "utnyttjas.", "decision")


def save_terms(agreement, values, version):
    """Record, for each contract term, whether the agreement has it and a note."""
    check_version(agreement, version)
    existing = {term.code: term for term in agreement.terms}
    changes = {}
    for code in CONTRACT_TERMS:
        term = existing.get(code)
        if term is None:
            term = AgreementTerm(code=code)
            agreement.terms.append(term)
        fulfilled, note = bool(values[code]["fulfilled"]), (values[code]["note"] or "").strip()
        if term.fulfilled != fulfilled or term.note != note or code not in existing:
            changes[code] = {"before": existing[code].fulfilled if code in existing else None,
                             "after": fulfilled}
        term.fulfilled, term.note = fulfilled, note
    touch(agreement)
    db.session.flush()
    audit.record("update", entity="agreement", entity_id=agreement.id,
                 changes={"terms": changes} if changes else None)
    return agreement
