"""What a cross-municipal report is made of: the records behind it, not their counts.

A builder returns ReportData: one Fact per record (a placement, or a provider report) with
its municipality, the labels of the row (and column) it belongs to, and its measures in the
chosen period and in every other period of the year nested with it. The presentation
(presentation.py) aggregates the facts, so it knows the records behind each cell and can apply
the disclosure rules of core/disclosure.py to them.
"""

from dataclasses import dataclass, field

from registry.core.periods import Period


@dataclass(frozen=True)
class Fact:
    """One record: `values` maps each period the record is in to its measures there."""

    record_id: int
    municipality_id: int
    keys: tuple  # the row's labels; a counts report puts the column label last
    values: dict  # {Period: tuple of measures}; a period absent = the record is not in it
    kind: str = "placement"

    def in_period(self, period):
        return period in self.values


@dataclass(frozen=True)
class ReportData:
    """A report's records for one period, with the rows and columns it always lists."""

    period: Period
    facts: list
    key_columns: tuple = ()  # rows: the names of the key columns
    measures: tuple = ()  # rows: the names of the summed measures, in each Fact's order
    row_labels: list = field(default_factory=list)  # counts: every municipality listed
    column_labels: list = field(default_factory=list)  # counts: every category listed
    row_title: str = "Kommun"

    def current(self):
        """Return the facts of records in the chosen period."""
        return [fact for fact in self.facts if fact.in_period(self.period)]
