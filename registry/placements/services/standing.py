"""A provider's quality standing as the case officer sees it when choosing a provider."""

from registry.core.enums import LabelledEnum
from registry.quality.queries import latest_standing


class StandingWarning(LabelledEnum):
    MISSING = "missing", "ingen genomförd kvalitetsbedömning"
    FAILED = "failed", "senaste kvalitetsbedömningen underkänd"
    LOWEST_BAND = "lowest_band", "senaste kvalitetsbedömningen i lägsta nivån"


def _warning(standing):
    if standing is None:
        return StandingWarning.MISSING
    if not standing.passed:
        return StandingWarning.FAILED
    if standing.warning:
        return StandingWarning.LOWEST_BAND
    return None


def provider_warnings(provider_ids):
    """Return {provider id: StandingWarning} for the providers that need a confirmation."""
    ids = list(provider_ids)
    standings = latest_standing(ids)
    warnings = {pid: _warning(standings.get(pid)) for pid in ids}
    return {pid: warning for pid, warning in warnings.items() if warning}


def standing_warning(provider_id):
    """Return the provider's StandingWarning, or None when its latest assessment is fine."""
    return provider_warnings([provider_id]).get(provider_id)
