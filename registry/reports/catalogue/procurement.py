"""Procurement form shares over the shared agreement registry (no case data)."""

import pandas as pd

from registry.agreements.models import AgreementForm
from registry.core.money import UNIT_LABELS
from registry.reports import queries


def procurement_forms(filters):
    """Return the agreements in force during the period per procurement form, with shares."""
    views = queries.agreements_in_force(filters)
    counts = {label: 0 for label in AgreementForm.labels()}
    for view in views:
        counts[AgreementForm(view.agreement.form).label] += 1
    total = sum(counts.values())
    return pd.DataFrame([(label, count, round(100 * count / total, 1) if total else None)
                         for label, count in counts.items()],
                        columns=["Upphandlingsform", "Antal avtal", "Andel (%)"])


def price_spread(filters):
    """Return per service type and unit the base prices in force at the period's end: lowest
    to highest. Prices of different units (per dygn, per program, ...) are never compared."""
    rows = [(name, UNIT_LABELS.get(unit, unit), price)
            for name, unit, price in queries.base_prices(filters)]
    frame = pd.DataFrame(rows, columns=["Insatstyp", "Enhet", "Pris"])
    grouped = frame.groupby(["Insatstyp", "Enhet"], sort=True)["Pris"].agg(
        ["size", "min", "median", "max"]).reset_index()
    grouped.columns = ["Insatstyp", "Enhet", "Antal prisrader", "Lägsta pris", "Medianpris",
                       "Högsta pris"]
    grouped["Medianpris"] = grouped["Medianpris"].round().astype("int64")
    return grouped
