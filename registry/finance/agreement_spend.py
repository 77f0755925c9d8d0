"""An agreement's spend and invoices as one viewer may see them (DESIGN §2a, checklist A11).

Agreements and their prices are shared with all eight municipalities; their spend
("Upparbetat") and invoices ("Fakturerat") are not: they are sums of placements, so one
placement's sum is its start date and care days. The rules, for the page, the list and the
dashboard alike:

- the viewer's own municipality's part is always shown, exactly (it is their own data);
- a sum that includes other municipalities is shown only by `magnitude_shown`: at least k
  placements of at least two municipalities other than the viewer's behind it;
- an agreement for single placements (direct award, single-case procurement) shows its sums
  only to users of its party municipalities, and to them still by the rule above. A shared
  agreement's sum passes the same rule as any statistic, so non-parties see it when it is
  made of enough placements of several municipalities, as they could in the statistics.

The ceiling alert (alerts/rules/shared.py) reads the true total: it names no amount and only
the parties' users see it.
"""

from dataclasses import dataclass

from registry.agreements.models import AgreementForm
from registry.agreements.permissions import party_ids
from registry.core.disclosure import magnitude_shown
from registry.core.settings import current_settings
from registry.finance.ceiling import CeilingUse
from registry.finance.queries import invoiced_parts, spend_parts

CASE_BOUND_FORMS = frozenset({AgreementForm.DIRECT_AWARD.value, AgreementForm.SINGLE_CASE.value})
PARTIES_ONLY = ("Visas inte: avtalet gäller enskilda placeringar, så beloppet visas bara för "
                "avtalets parter.")


def few_reason(threshold):
    """Return why a sum of too few placements, or of one other municipality, is not shown."""
    return (f"Visas inte: beloppet kommer från färre än {threshold} placeringar eller från en "
            "enda annan kommun.")


@dataclass(frozen=True)
class Disclosed:
    """One sum as the viewer may see it: the whole, the viewer's own part, or why not."""

    total_ore: int | None  # None when hidden
    own_ore: int | None  # None when the viewer's municipality has no placement behind it
    reason: str = ""  # why the total is hidden ('' when shown)

    @property
    def shown(self):
        return self.total_ore is not None


@dataclass(frozen=True)
class AgreementSpend:
    """What a viewer may see of an agreement's spend, invoices and use of its ceiling."""

    spent: Disclosed
    invoiced: Disclosed
    ceiling_ore: int | None

    @property
    def ceiling(self):
        """Return the CeilingUse of the whole spend, or None when it is hidden."""
        return CeilingUse(self.spent.total_ore, self.ceiling_ore) if self.spent.shown else None

    @property
    def own_ceiling(self):
        """Return the CeilingUse of the viewer's own spend, or None without any."""
        own = self.spent.own_ore
        return CeilingUse(own, self.ceiling_ore) if own is not None else None


def disclose(parts, agreement, viewer_municipality_id, threshold):
    """Return the Disclosed of {municipality id: Part} under the agreement for the viewer."""
    own = parts.get(viewer_municipality_id) if viewer_municipality_id is not None else None
    own_ore = own.ore if own is not None else None
    if agreement.form in CASE_BOUND_FORMS and viewer_municipality_id not in party_ids(agreement):
        return Disclosed(None, own_ore, PARTIES_ONLY)
    units = {municipality: part.placements for municipality, part in parts.items()}
    if not magnitude_shown(units, viewer_municipality_id, threshold):
        return Disclosed(None, own_ore, few_reason(threshold))
    return Disclosed(sum(part.ore for part in parts.values()), own_ore)


def agreement_spend(agreements, on, viewer_municipality_id, invoices=True):
    """Return {agreement id: AgreementSpend} as the viewer may see them, as of day `on`.

    `invoices=False` leaves the invoices out (one query less, for lists that show spend only).
    """
    agreements = list(agreements)
    ids = [a.id for a in agreements]
    spent = spend_parts(ids, on)
    invoiced = invoiced_parts(ids) if invoices else {}
    k = current_settings().small_number_threshold
    left_out = Disclosed(None, None)
    return {a.id: AgreementSpend(
        disclose(spent[a.id], a, viewer_municipality_id, k),
        disclose(invoiced[a.id], a, viewer_municipality_id, k) if invoices else left_out,
        a.ceiling_ore) for a in agreements}
