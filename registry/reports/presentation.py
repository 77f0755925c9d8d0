"""A report as what one viewer may see: counted, protected, labelled, page or file.

The page, the export and the dashboards all go through `present`, so a figure hidden on the
page is hidden in the file too. Cross-municipal reports arrive as their records
(facts.ReportData) and are aggregated here with the disclosure rules of core/disclosure.py
(DESIGN §2a): the viewer's own municipality exact, every count of other municipalities'
records rounded to a multiple of k by its cell key, an amount shown only when it and its
difference with every nested period come from at least k placements of at least two other
municipalities. Money is öre in the data; the page shows '4 500 kr', the file kronor.
"""

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from registry.core.charts import bar_chart
from registry.core.disclosure import magnitude_shown, viewer_count
from registry.core.money import format_money, format_number, kronor
from registry.core.periods import MONTH, nested_periods
from registry.core.templating import format_day

TOTAL = "Totalt"
NOT_SHOWN = "visas inte"
PLACEMENTS = "Antal placeringar"


def disclosure_note(threshold):
    """Return the plain Swedish paragraph saying how the figures are protected."""
    return (f"Siffrorna är skyddade så att ingen enskild person kan pekas ut. Den egna "
            f"kommunens siffror är exakta. Andra kommuners antal avrundas till en multipel av "
            f"{threshold} (0, {threshold}, {2 * threshold} …); samma placeringar avrundas alltid "
            f"likadant, så delarna summerar inte alltid till totalen, och totalerna avrundas "
            f"för sig. Belopp, vårddygn, dygnspriser och andelar som rör andra kommuner visas "
            f"bara när de bygger på minst {threshold} placeringar från minst två andra kommuner, "
            f"även jämfört med andra perioder; annars står det ”{NOT_SHOWN}”. Statistiken "
            f"räknas bara för hela månader, kvartal, halvår och år.")


@dataclass(frozen=True)
class Cell:
    """One table cell: the page text, the file value and whether it is hidden."""

    text: str
    value: object
    hidden: bool = False
    numeric: bool = False


@dataclass(frozen=True)
class Presented:
    """A report ready for a page or a file."""

    headers: list
    rows: list  # lists of Cell; the first cell names the row
    footer: list | None
    threshold: int | None  # set when the figures are protected (the note is shown)

    @property
    def note(self):
        return disclosure_note(self.threshold) if self.threshold else None

    def frame(self):
        """Return the file version: the same headers, hidden cells as their marks, the note
        as a last row."""
        body = [[cell.value for cell in row]
                for row in self.rows + ([self.footer] if self.footer else [])]
        if self.note:
            body.append([self.note] + [None] * (len(self.headers) - 1))
        return pd.DataFrame(body, columns=self.headers, dtype=object)


def _hidden():
    return Cell(NOT_SHOWN, NOT_SHOWN, hidden=True, numeric=True)


def _count(value):
    return Cell(str(int(value)), int(value), numeric=True)


def present(report, data, threshold, viewer=None):
    """Return the Presented report for a viewer (a municipality id, or None for none)."""
    if report.kind == "counts":
        return _counts(data, threshold, viewer)
    if report.kind == "rows":
        return _rows(report, data, threshold, viewer)
    rows = [[_cell(report, column, value) for column, value in zip(data.columns, row,
                                                                   strict=True)]
            for row in data.itertuples(index=False)]
    return Presented(list(data.columns), rows, None, None)


def _cell(report, column, value):
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return Cell("–", None, numeric=column not in report.dates)
    if column in report.money:
        return Cell(format_money(int(value)), kronor(int(value)), numeric=True)
    if column in report.dates:
        return Cell(format_day(value), value)
    if isinstance(value, float):
        return Cell(format_number(value, 1), value, numeric=True)
    if isinstance(value, int) or hasattr(value, "item"):
        return _count(value)
    return Cell(str(value), str(value))


def shown_count(facts, viewer, threshold):
    """Return the count of these records a viewer sees: own exact, the others rounded."""
    kind = facts[0].kind if facts else "placement"
    return viewer_count(((f.record_id, f.municipality_id) for f in facts), viewer, threshold,
                        kind)


def _counts(data, threshold, viewer):
    """Count a municipality x category table per viewer; every total counted as its own set."""
    cells = {}
    for fact in data.current():
        cells.setdefault(fact.keys, []).append(fact)
    columns = data.column_labels

    def line(groups):
        cells_ = [_count(shown_count(group, viewer, threshold)) for group in groups]
        return cells_ + [_count(shown_count([f for g in groups for f in g], viewer, threshold))]

    rows = [[Cell(name, name)] + line([cells.get((name, column), []) for column in columns])
            for name in data.row_labels]
    by_column = [[f for (_, label), group in cells.items() if label == column for f in group]
                 for column in columns]
    footer = [Cell(TOTAL, TOTAL)] + line(by_column)
    return Presented([data.row_title, *map(str, columns), TOTAL], rows, footer, threshold)


def amounts_shown(group, period, viewer, threshold):
    """Return True when a row's amounts may be shown to the viewer (DESIGN §2a).

    `group` is every record of the row in the period's year; each record's measures are
    additive over months. Shown only when, for the period and every month within it, the
    records in care there pass the magnitude rule: then any sum and difference of published
    periods (year minus fourth quarter, a quarter minus two of its months) is a combination
    of month amounts that each come from enough records, so none isolates a placement. And,
    for every nested period, the records whose measures differ between the two must pass it
    too (the pairwise rule, which also covers measures that are not additive).
    """
    def passes(records):
        return magnitude_shown(Counter(f.municipality_id for f in records), viewer, threshold)

    if not passes([fact for fact in group if fact.in_period(period)]):
        return False
    for other in nested_periods(period):
        if other.kind == MONTH and period.contains(other) and not passes(
                [fact for fact in group if fact.in_period(other)]):
            return False
        differing = [f for f in group if f.values.get(period) != f.values.get(other)]
        if differing and not passes(differing):
            return False
    return True


def _rows(report, data, threshold, viewer):
    """One row per group: the viewer's count, then the amounts when they may be shown."""
    groups = {}
    for fact in data.facts:
        groups.setdefault(fact.keys, []).append(fact)
    rows, columns = [], None
    for keys in sorted(groups):
        group = groups[keys]
        current = [fact for fact in group if fact.in_period(data.period)]
        count = shown_count(current, viewer, threshold)
        if not current or not count:
            continue  # a row shown as 0 placements is not listed
        sums = {name: sum(f.values[data.period][i] for f in current)
                for i, name in enumerate(data.measures)}
        values = report.columns(sums, len(current))
        columns = list(values)
        shown = amounts_shown(group, data.period, viewer, threshold)
        rows.append([Cell(str(key), str(key)) for key in keys] + [_count(count)]
                    + [_cell(report, name, value) if shown else _hidden()
                       for name, value in values.items()])
    if columns is None:
        columns = list(report.columns({name: 0 for name in data.measures}, 0))
    return Presented([*data.key_columns, PLACEMENTS, *columns], rows, None, threshold)


UNIT_COLUMN = "Enhet"


def chart_of(report, presented):
    """Return the bar chart of a presented report: row totals, or the report's chart column."""
    if report.kind == "counts":
        return bar_chart([(row[0].text, row[-1].value if not row[-1].hidden else None,
                           row[-1].text) for row in presented.rows])
    if report.chart_column is None:
        return None
    index = presented.headers.index(report.chart_column)
    return bar_chart([(" – ".join(c.text for c in row if not c.numeric),
                       None if row[index].hidden else _number(row[index].value),
                       row[index].text) for row in _one_unit(presented)])


def _one_unit(presented):
    """Return the rows a chart may put on one axis: those of one price unit ("Enhet").

    Per-dygn rows when there are any, else the first row's unit; a table without a unit
    column is one axis already.
    """
    if UNIT_COLUMN not in presented.headers:
        return presented.rows
    index = presented.headers.index(UNIT_COLUMN)
    units = [row[index].text for row in presented.rows]
    chosen = "per dygn" if "per dygn" in units else (units[0] if units else None)
    return [row for row in presented.rows if row[index].text == chosen]


def _number(value):
    return None if value is None else float(value)
