"""Purchasers' (and finance's) rules about the shared registry: agreements and providers.

The agreement status and end (registry/agreements/status.py), the ceiling use
(registry/finance/ceiling.py), the permit state
(registry/providers/status.py) and the latest assessment (registry/quality/queries.py) are
their owners' rules; these functions only ask them for every agreement or provider at once.
Alerts about shared records carry no municipality; queries.visible_to decides who sees them.
"""

from datetime import timedelta

from sqlalchemy import case, exists, func, or_, select
from sqlalchemy.orm import selectinload

from registry.agreements.models import Agreement, AgreementProvider, OptionDecision
from registry.agreements.queries import describe
from registry.agreements.status import IN_FORCE, AgreementStatus, exercised_option_months
from registry.alerts.models import Audience, Severity
from registry.alerts.rules.base import Rule, due, listed, severity_by_date
from registry.alerts.sql import no_municipality
from registry.core.sql_dates import date_of
from registry.extensions import db
from registry.finance.ceiling import ceiling_use
from registry.placements.models import Placement
from registry.providers.models import Provider
from registry.providers.status import PermitStatus, permit_clause
from registry.quality.models import Assessment
from registry.quality.queries import latest_completed

STAGE_SEVERITIES = (Severity.INFO, Severity.WARNING, Severity.CRITICAL)
CEILING_SEVERITIES = {"warn": Severity.WARNING, "bad": Severity.CRITICAL}


def _agreement_views(ctx):
    """Return the AgreementView of every agreement (options loaded in one query, once a run)."""
    query = select(Agreement).options(selectinload(Agreement.options))
    return ctx.once("agreement_views", lambda: [describe(agreement, ctx.on)
                                                for agreement in db.session.scalars(query)])


def _stage(days_left, stages):
    """Return the severity of the most urgent stage (days, least urgent first) reached."""
    reached = [i for i, limit in enumerate(stages) if days_left <= limit]
    return STAGE_SEVERITIES[-len(stages):][max(reached)] if reached else None


def agreement_expiring(ctx):
    """Agreements in force whose current end is within the outermost stage (180/90/30 days)."""
    stages = ctx.limits.agreement_days
    rows = [(v.agreement.id, None, v.current_end, _stage(v.days_left, stages))
            for v in _agreement_views(ctx) if v.status in IN_FORCE]
    return listed([row for row in rows if row[3] is not None])


def _next_option(agreement):
    """Return the option after those that count as exercised, if still undecided; else None."""
    ordered = sorted(agreement.options, key=lambda o: o.sequence)
    exercised = len(exercised_option_months(ordered))
    following = ordered[exercised] if exercised < len(ordered) else None
    return following if following and following.decision == OptionDecision.PENDING else None


def option_deadline(ctx):
    """The next pending option of a live agreement, from 60 days before its last date."""
    horizon = ctx.on + timedelta(days=ctx.limits.option_days)
    rows = []
    for view in _agreement_views(ctx):
        option = _next_option(view.agreement)
        if view.status == AgreementStatus.EXPIRED or option is None \
                or option.exercise_by > horizon:
            continue
        late = option.exercise_by < ctx.on
        rows.append((view.agreement.id, None, option.exercise_by,
                     Severity.CRITICAL if late else Severity.WARNING))
    return listed(rows)


def ceiling_reached(ctx):
    """Live agreements whose spend has reached 80 % (warning) or 100 % (critical) of the ceiling."""
    views = [v for v in _agreement_views(ctx) if v.status != AgreementStatus.EXPIRED
             and v.agreement.ceiling_ore]
    uses = ceiling_use([v.agreement for v in views], ctx.on)
    rows = [(v.agreement.id, None, v.current_end, CEILING_SEVERITIES[uses[v.agreement.id].level])
            for v in views if uses[v.agreement.id].level in CEILING_SEVERITIES]
    return listed(rows)


def _in_use(ctx):
    """SQL: the provider has a running placement or is on an agreement in force."""
    in_force = [v.agreement.id for v in _agreement_views(ctx) if v.status in IN_FORCE]
    running = exists().where(Placement.provider_id == Provider.id, Placement.end_date.is_(None))
    listed_on = exists().where(AgreementProvider.provider_id == Provider.id,
                               AgreementProvider.agreement_id.in_(in_force))
    return or_(running, listed_on)


def assessment_due(ctx):
    """Providers in use whose latest assessment expires within 30 days, has expired, or is
    missing (then due from the day the provider was registered)."""
    latest = latest_completed()
    newest = select(latest.c.provider_id, Assessment.valid_until).join(
        Assessment, Assessment.id == latest.c.id).where(latest.c.rn == 1).subquery()
    horizon = ctx.on + timedelta(days=ctx.limits.assessment_days)
    due_on = func.coalesce(newest.c.valid_until, date_of(Provider.created_at))
    severity = severity_by_date(newest.c.valid_until, [(ctx.on - timedelta(days=1),
                                                        Severity.CRITICAL)], Severity.WARNING)
    missing = newest.c.valid_until.is_(None)
    return due(Provider.id, no_municipality(), due_on,
               case((missing, Severity.CRITICAL.value), else_=severity)).outerjoin(
        newest, newest.c.provider_id == Provider.id).where(
        _in_use(ctx), or_(missing, newest.c.valid_until <= horizon))


def permit_expiring(ctx):
    """Providers in use whose IVO permit expires soon, has expired, or is missing though
    their services require one (then due from the day the provider was registered)."""
    expiring = permit_clause(PermitStatus.EXPIRING, ctx.on)
    missing = permit_clause(PermitStatus.MISSING, ctx.on)
    expired = permit_clause(PermitStatus.EXPIRED, ctx.on)
    due_on = case((missing, date_of(Provider.created_at)),
                     else_=Provider.permit_valid_until)
    severity = case((expiring, Severity.WARNING.value), else_=Severity.CRITICAL.value)
    return due(Provider.id, no_municipality(), due_on, severity).where(
        _in_use(ctx), or_(expiring, expired, missing))


RULES = (
    Rule("assessment_due", "Kvalitetsbedömning saknas eller går ut", "provider",
         Audience.PURCHASER, assessment_due),
    Rule("agreement_expiring", "Avtal löper ut", "agreement", Audience.PURCHASER,
         agreement_expiring),
    Rule("option_deadline", "Sista dag för förlängningsoption närmar sig", "agreement",
         Audience.PURCHASER, option_deadline),
    Rule("ceiling_reached", "Avtalets takvärde nås", "agreement", Audience.PURCHASER_FINANCE,
         ceiling_reached),
    Rule("permit_expiring", "IVO-tillstånd går ut eller saknas", "provider",
         Audience.PURCHASER, permit_expiring),
)
