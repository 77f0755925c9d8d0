"""The report catalogue: name -> Report. Each builder is a plain function, filters in and
a pandas DataFrame out (own reports also take the user), so pages, exports and the API
(stats/...) all call the same thing.

Kinds: `counts` is a municipality x category count table (suppressed as a whole table, the
reader's own municipality unsuppressed); `rows` has one row per group with a placement count,
and a group under k placements shows no figures (unless it is the reader's municipality);
`registry` is shared registry data (no suppression); `own` is the reader's own case data.
"""

from collections.abc import Callable
from dataclasses import dataclass

from registry.core.permissions import Permission
from registry.reports.catalogue import money, own, placements, procurement


@dataclass(frozen=True)
class Report:
    name: str
    title: str
    description: str
    build: Callable
    kind: str
    money: tuple = ()  # columns holding öre
    dates: tuple = ()
    count_column: str | None = None  # rows: the placement count that decides suppression
    municipality_column: str | None = None  # rows: the column naming the municipality
    chart_column: str | None = None  # rows/registry: the column the bar chart draws
    permission: Permission = Permission.STATS_VIEW


REPORTS = {report.name: report for report in (
    Report("placeringar-per-insatstyp", "Placeringar per kommun och insatstyp",
           "Placeringar som pågått någon dag under perioden.",
           placements.placements_by_service_type, "counts"),
    Report("placeringar-per-malgrupp", "Placeringar per kommun och stödkategori",
           "Placeringar som pågått någon dag under perioden, efter stödkategori.",
           placements.placements_by_support_category, "counts"),
    Report("avslutsorsaker", "Avslutade placeringar per kommun och avslutsorsak",
           "Placeringar som avslutats under perioden.",
           placements.placements_by_end_reason, "counts"),
    Report("rapporter-i-tid", "Månadsrapporter från utförare i tid och sent",
           "Inkomna månadsrapporter för månader i perioden, per kommun. Förfallodagen är "
           "kommunens rapportdag månaden efter.", placements.report_timeliness, "counts"),
    Report("dygnspris", "Genomsnittligt dygnspris per insatstyp och utförare",
           "Kostnad delad med vårddygn under perioden, med det dygnspris som gällde varje dygn.",
           money.average_daily_price, "rows", money=("Genomsnittligt dygnspris",),
           count_column=money.PLACEMENTS, chart_column="Genomsnittligt dygnspris"),
    Report("dygn-och-kostnad", "Vårddygn och kostnad per placering",
           "Vårddygn och upplupen kostnad under perioden, per kommun.",
           money.days_and_cost, "rows",
           money=("Kostnad", "Kostnad per placering"), count_column=money.PLACEMENTS,
           municipality_column="Kommun", chart_column="Kostnad per placering"),
    Report("aterforing", "Återsökning hos polisen jämfört med kostnad",
           "Kostnad under perioden, vad som kan återsökas (polisens kriterier uppfyllda, inom "
           "återsökningsfönstret), vad som har återsökts och vad polisen har betalat ut.",
           money.reimbursement_vs_cost, "rows",
           money=("Kostnad", "Återsökningsbart", "Återsökt", "Utbetalt"),
           count_column=money.PLACEMENTS, municipality_column="Kommun",
           chart_column="Återvunnen andel av kostnaden (%)"),
    Report("upphandlingsformer", "Avtal per upphandlingsform",
           "Avtal i kraft någon dag under perioden i det gemensamma avtalsregistret.",
           procurement.procurement_forms, "registry", chart_column="Antal avtal"),
    Report("prisspridning", "Prisspridning per insatstyp",
           "Grundpriser i avtalens prislistor som gäller periodens sista dag (tillägg räknas "
           "inte).", procurement.price_spread, "registry",
           money=("Lägsta pris", "Medianpris", "Högsta pris"), chart_column="Medianpris"),
    Report("mina-placeringskostnader", "Kommunens placeringar med vårddygn och kostnad",
           "Kommunens egna placeringar under perioden. Exporten loggas.",
           own.placement_costs, "own", money=("Kostnad",), dates=("Startdatum", "Slutdatum"),
           permission=Permission.FINANCE_VIEW),
)}


def build(report, filters, user):
    """Return the report's DataFrame for the filters (own reports for the user's municipality)."""
    if report.kind == "own":
        return report.build(filters, user)
    return report.build(filters)
