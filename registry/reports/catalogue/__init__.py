"""The report catalogue: name -> Report. Each builder is a plain function, filters in, so
pages, exports and dashboards all call the same thing.

Kinds: `counts` is a municipality x category count table and `rows` has one row per group
with a placement count and summed amounts; both builders return the records behind the
figures (facts.ReportData) and presentation.py applies the disclosure rules per viewer (the
viewer's own municipality exact, other municipalities' counts rounded, their amounts only
from enough placements of enough municipalities). `registry` is shared registry data (no case
data, a DataFrame); `own` is the reader's own case data (a DataFrame).
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
    # rows: (sums by measure, exact count) -> {shown column: value}. A per-placement figure
    # (sum / count) would give away the exact count of a row mixing municipalities, so only
    # reports whose rows are one municipality each may show one.
    columns: Callable | None = None
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
           "Kostnad delad med vårddygn under perioden, med det dygnspris som gällde varje dygn. "
           "Bara insatser med pris per dygn; pris per timme, program eller månad räknas inte.",
           money.average_daily_price, "rows", money=("Genomsnittligt dygnspris",),
           columns=money.average_price_columns, chart_column="Genomsnittligt dygnspris"),
    Report("dygn-och-kostnad", "Vårddygn och kostnad per placering",
           "Vårddygn och upplupen kostnad under perioden, per kommun.",
           money.days_and_cost, "rows",
           money=("Kostnad", "Kostnad per placering"), columns=money.days_and_cost_columns,
           chart_column="Kostnad per placering"),
    Report("aterforing", "Återsökning hos polisen jämfört med kostnad",
           "Kostnad under perioden, vad som kan återsökas (polisens kriterier uppfyllda, inom "
           "återsökningsfönstret), och vad som har återsökts och vad polisen har betalat ut för "
           "vårdperioder som börjar under perioden.",
           money.reimbursement_vs_cost, "rows",
           money=("Kostnad", "Återsökningsbart", "Återsökt", "Utbetalt"),
           columns=money.reimbursement_columns, chart_column=money.SHARE),
    Report("upphandlingsformer", "Avtal per upphandlingsform",
           "Avtal i kraft någon dag under perioden i det gemensamma avtalsregistret.",
           procurement.procurement_forms, "registry", chart_column="Antal avtal"),
    Report("prisspridning", "Prisspridning per insatstyp",
           "Grundpriser i avtalens prislistor som gäller periodens sista dag, eller i dag om "
           "perioden pågår (tillägg räknas inte), per insatstyp och enhet. Priser i olika "
           "enheter jämförs inte; diagrammet visar priserna per dygn.",
           procurement.price_spread, "registry",
           money=("Lägsta pris", "Medianpris", "Högsta pris"), chart_column="Medianpris"),
    Report("mina-placeringskostnader", "Kommunens placeringar med vårddygn och kostnad",
           "Kommunens egna placeringar under perioden. Exporten loggas.",
           own.placement_costs, "own", money=("Kostnad",), dates=("Startdatum", "Slutdatum"),
           permission=Permission.FINANCE_VIEW),
)}


def build(report, filters, user):
    """Return the report's data for the filters (own reports for the user's municipality)."""
    if report.kind == "own":
        return report.build(filters, user)
    return report.build(filters)
