"""A report's DataFrame as what a reader may see: suppressed, labelled, page or file.

The page and the export both go through `present`, so a cell hidden on the page is hidden in
the file too. Money is öre in the DataFrame; the page shows '4 500 kr', the file kronor.
"""

from dataclasses import dataclass

import pandas as pd

from registry.core.charts import bar_chart
from registry.core.money import format_money, format_number, kronor
from registry.core.suppression import PROTECTING_MARK, is_small, small_mark, suppress_table
from registry.core.templating import format_day

TOTAL = "Totalt"


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
    suppressed: bool  # some cell is hidden
    threshold: int | None

    def frame(self):
        """Return the file version: the same headers, hidden cells as their marks."""
        body = self.rows + ([self.footer] if self.footer else [])
        return pd.DataFrame([[cell.value for cell in row] for row in body],
                            columns=self.headers)


def _hidden(value, threshold, small):
    mark = small_mark(threshold) if small else PROTECTING_MARK
    return Cell(mark, mark, hidden=True, numeric=True)


def _count(value):
    return Cell(str(int(value)), int(value), numeric=True)


def present(report, frame, threshold, own_municipality=None):
    """Return the Presented report, suppressing small numbers where its kind asks for it."""
    if report.kind == "counts":
        return _counts(frame, threshold, own_municipality)
    rows = [[_cell(report, column, value) for column, value in zip(frame.columns, row,
                                                                   strict=True)]
            for row in frame.itertuples(index=False)]
    hidden = False
    if report.kind == "rows":
        rows, hidden = _suppress_rows(report, frame, rows, threshold, own_municipality)
    return Presented(list(frame.columns), rows, None, hidden,
                     threshold if report.kind == "rows" else None)


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


def _suppress_rows(report, frame, rows, threshold, own):
    """Hide every figure of a group under k placements, except the reader's municipality."""
    counts = list(frame[report.count_column])
    names = list(frame[report.municipality_column]) if report.municipality_column else []
    hidden_any = False
    out = []
    for index, (row, count) in enumerate(zip(rows, counts, strict=True)):
        if is_small(int(count), threshold) and not (names and names[index] == own):
            hidden_any = True
            row = [cell if not cell.numeric else _hidden(cell.value, threshold,
                                                         frame.columns[i] == report.count_column)
                   for i, cell in enumerate(row)]
        out.append(row)
    return out, hidden_any


def _counts(frame, threshold, own):
    """Suppress a municipality x category count table as a whole (complementary rule)."""
    names = list(frame.index)
    known = [names.index(own)] if own in names else []
    table = suppress_table(frame.to_numpy().tolist(), threshold, known_rows=known)
    rows = [[Cell(name, name)] + _line(table, i) for i, name in enumerate(names)]
    footer = [Cell(TOTAL, TOTAL)] + _line(table, len(names))
    return Presented([frame.index.name or "", *map(str, frame.columns), TOTAL], rows, footer,
                     bool(table.hidden), threshold)


def _line(table, i):
    cells = []
    for j, value in enumerate(table.grid[i]):
        if table.is_hidden(i, j):
            cells.append(_hidden(value, table.threshold, is_small(value, table.threshold)))
        else:
            cells.append(_count(value))
    return cells


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
                       row[index].text) for row in presented.rows])


def _number(value):
    return None if value is None else float(value)
