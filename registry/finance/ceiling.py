"""An agreement's spend against its ceiling (takvärde), from the accrued placement costs.

It lives in finance, which owns the cost rule: agreements sit below finance in the import
layers (DESIGN.md §4), so the agreement pages, the dashboard and the ceiling alert read the
spend from here.
"""

from dataclasses import dataclass

from registry.finance.queries import spend_by_agreement

WARN_SHARE = 80  # per cent of the ceiling; the ceiling_reached alert warns at 80 and 100


@dataclass(frozen=True)
class CeilingUse:
    """What has been spent under an agreement, against its ceiling when it has one."""

    spent_ore: int
    ceiling_ore: int | None

    @property
    def percent(self):
        """Return the spend as a whole percentage of the ceiling (None without a ceiling)."""
        if not self.ceiling_ore:
            return None
        return (100 * self.spent_ore) // self.ceiling_ore

    @property
    def level(self):
        """Return 'bad' at or over the ceiling, 'warn' from 80 %, else 'ok'."""
        if self.percent is None:
            return "neutral"
        if self.percent >= 100:
            return "bad"
        return "warn" if self.percent >= WARN_SHARE else "ok"


def ceiling_use(agreements, on):
    """Return {agreement id: CeilingUse} for the agreements, in one call to finance."""
    spent = spend_by_agreement([a.id for a in agreements], on)
    return {a.id: CeilingUse(spent.get(a.id, 0), a.ceiling_ore) for a in agreements}
