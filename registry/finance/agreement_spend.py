"""An agreement's spend and invoices as one viewer may see them (DESIGN §2a, checklist A11).

Agreements and their prices are shared with all eight municipalities; their spend
("Upparbetat") and invoices ("Fakturerat") are not: they are sums of placements, so one
placement's sum is its start date and care days. The rules, for the page, the list and the
dashboard alike:

- the viewer's own municipality's part is always shown, exactly and to the day (it is their
  own data); so are its own invoices;
- the whole spend, which includes other municipalities, is shown to the end of the last whole
  month (as the statistics use whole periods: a visit each day shows nothing new) and only by
  `magnitude_shown`, both over the placements behind it and over those that accrued in that
  month (what two months' totals differ by): at least k placements of at least two
  municipalities other than the viewer's;
- an agreement for single placements (direct award, single-case procurement) shows its whole
  spend only to users of its party municipalities, and to them still by the rule above. A
  shared agreement's spend passes the same rule as any statistic, so non-parties see it when
  it is made of enough placements of several municipalities, as they could in the statistics;
- other municipalities' invoices are never summed for a viewer: an invoiced sum changes on
  the day an invoice is registered, so two visits would show one invoice's amount.

Committed spend ("Åtaget", finance/commitment.py) follows the same rules: the viewer's own
running placements' forecast from tomorrow, exactly; the whole agreement's, from the end of the
last whole month as planned then, only when the running placements behind it (per
municipality) pass `magnitude_shown`. "Övriga parter" is one line for all other
municipalities, shown by the same rule; another municipality's own part is never shown.

The ceiling alert (alerts/rules/shared.py) reads the true total: it names no amount and only
the parties' users see it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from registry.agreements.models import AgreementForm
from registry.agreements.permissions import party_ids
from registry.core.disclosure import magnitude_shown
from registry.core.settings import current_settings
from registry.finance.ceiling import CeilingUse
from registry.finance.commitment import committed_parts
from registry.finance.queries import invoiced_by_agreement, spend_parts

CASE_BOUND_FORMS = frozenset({AgreementForm.DIRECT_AWARD.value, AgreementForm.SINGLE_CASE.value})
PARTIES_ONLY = ("Visas inte: avtalet gäller enskilda placeringar, så beloppet visas bara för "
                "avtalets parter.")
OTHERS_INVOICES = ("Andra kommuners fakturor visas inte: summan ändras den dag en faktura "
                   "registreras, så två besök skulle visa en enskild faktura.")


def few_reason(threshold):
    """Return why a sum of too few placements, or of one other municipality, is not shown."""
    return (f"Visas inte: beloppet kommer från färre än {threshold} placeringar eller från en "
            "enda annan kommun.")


def last_whole_month(on):
    """Return (first day, last day) of the calendar month before the one `on` is in."""
    last = on.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


@dataclass(frozen=True)
class AgreementSpend:
    """What a viewer may see of an agreement's spend, invoices and use of its ceiling."""

    through: date  # the whole spend is to the end of this day
    total_ore: int | None  # the whole spend, None when hidden
    own_ore: int | None  # the viewer's municipality's spend to the day, None without any
    own_invoiced_ore: int | None  # the viewer's municipality's invoices (None: no municipality)
    ceiling_ore: int | None
    reason: str = ""  # why the whole spend is hidden ('' when shown)
    own_committed_ore: int | None = None  # the viewer's running placements, from tomorrow
    total_committed_ore: int | None = None  # the whole commitment at `through`, None hidden
    committed_reason: str = ""  # why the whole commitment is hidden ('' when shown)
    others_ore: int | None = None  # all other municipalities together, at `through`
    others_committed_ore: int | None = None

    @property
    def ceiling(self):
        """Return the CeilingUse of the whole spend, or None when it is hidden."""
        return CeilingUse(self.total_ore, self.ceiling_ore) if self.total_ore is not None \
            else None

    @property
    def own_ceiling(self):
        """Return the CeilingUse of the viewer's own spend, or None without any."""
        return CeilingUse(self.own_ore, self.ceiling_ore) if self.own_ore is not None else None

    @property
    def committed_ceiling(self):
        """Return the CeilingUse of the whole spend and commitment, or None when hidden."""
        if self.total_ore is None or self.total_committed_ore is None:
            return None
        return CeilingUse(self.total_ore + self.total_committed_ore, self.ceiling_ore)

    @property
    def own_committed_ceiling(self):
        """Return the CeilingUse of the viewer's own spend and commitment, or None."""
        if self.own_ore is None and not self.own_committed_ore:
            return None
        return CeilingUse((self.own_ore or 0) + (self.own_committed_ore or 0), self.ceiling_ore)


def hidden_reason(agreement, parts, viewer_municipality_id, threshold):
    """Return why the whole spend of {municipality id: Part} is hidden ('' when shown)."""
    if agreement.form in CASE_BOUND_FORMS and viewer_municipality_id not in party_ids(agreement):
        return PARTIES_ONLY
    behind = {municipality: part.placements for municipality, part in parts.items()}
    recent = {municipality: part.recent for municipality, part in parts.items()}
    if not (magnitude_shown(behind, viewer_municipality_id, threshold)
            and magnitude_shown(recent, viewer_municipality_id, threshold)):
        return few_reason(threshold)
    return ""


def agreement_spend(agreements, on, viewer_municipality_id):
    """Return {agreement id: AgreementSpend} as the viewer may see them on day `on`."""
    agreements = list(agreements)
    ids = [a.id for a in agreements]
    first, last = last_whole_month(on)
    whole = spend_parts(ids, last, since=first)
    today = spend_parts(ids, on, municipality_id=viewer_municipality_id) \
        if viewer_municipality_id is not None else {agreement_id: {} for agreement_id in ids}
    invoiced = invoiced_by_agreement(ids, viewer_municipality_id)
    running = committed_parts(agreements, last, as_planned=True)
    own_running = committed_parts(agreements, on, municipality_id=viewer_municipality_id) \
        if viewer_municipality_id is not None else {agreement_id: {} for agreement_id in ids}
    k = current_settings().small_number_threshold
    result = {}
    for agreement in agreements:
        parts, ahead = whole[agreement.id], running[agreement.id]
        reason = hidden_reason(agreement, parts, viewer_municipality_id, k)
        committed_reason = reason or committed_hidden(ahead, viewer_municipality_id, k)
        own = today[agreement.id].get(viewer_municipality_id)
        own_ahead = own_running[agreement.id].get(viewer_municipality_id)
        result[agreement.id] = AgreementSpend(
            last, None if reason else _sum(parts),
            own.ore if own is not None else None,
            invoiced[agreement.id] if viewer_municipality_id is not None else None,
            agreement.ceiling_ore, reason,
            own_committed_ore=None if viewer_municipality_id is None
            else (own_ahead.ore if own_ahead is not None else 0),
            total_committed_ore=None if committed_reason else _sum(ahead),
            committed_reason=committed_reason,
            others_ore=None if reason else _sum(parts, viewer_municipality_id),
            others_committed_ore=None if committed_reason
            else _sum(ahead, viewer_municipality_id))
    return result


def committed_hidden(running, viewer_municipality_id, threshold):
    """Return why the whole commitment of {municipality id: Part} is hidden ('' when shown)."""
    units = {municipality: part.placements for municipality, part in running.items()}
    return "" if magnitude_shown(units, viewer_municipality_id, threshold) \
        else few_reason(threshold)


def _sum(parts, without=None):
    """Return the öre of {municipality id: Part}, leaving out one municipality's part."""
    return sum(part.ore for municipality, part in parts.items() if municipality != without)
