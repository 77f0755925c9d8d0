"""Reports of one municipality's own placements (scoped; every export is audited)."""

import pandas as pd

from registry.core.scoping import scoped
from registry.placements.models import Placement
from registry.reports.catalogue.money import accrued_placements


def placement_costs(filters, user):
    """Return each own placement in care during the period with its care days and cost."""
    rows = [(f.case_reference, f.service_type, f.provider, f.start_date, f.end_date, days, cost)
            for f, days, cost, _ in accrued_placements(filters, scoped(Placement, user))]
    return pd.DataFrame(rows, columns=["Ärendereferens", "Insatstyp", "Utförare", "Startdatum",
                                       "Slutdatum", "Vårddygn", "Kostnad"])
