"""No viewer can derive another municipality's small count or single amount (A12).

Hypothesis builds small random worlds (three municipalities, two providers, two service
types, placements with start and end dates and daily rates in 2026) and feeds them to the
presentation layer as the catalogue builders do (money.placement_facts for the amount
reports, count facts for the count tables), for every cross-municipal report shape, every
viewer (each municipality, and none), every one of the 19 whole periods of the year and with
no filter, a provider filter and a municipality filter. The truth is computed here from the
placements' schedules (finance/calculations.py), not from what the presentation aggregated.

Counts: every published count minus the viewer's own exact records of that cell is a multiple
of k; so the difference of any two published counts, minus the viewer's own rows, is a
multiple of k as well — never 1..k-1.
Amounts: every published amount that includes another municipality's placements comes from
at least k placements of at least two other municipalities, and so does, for every other
published amount of the same row (another nested period or another filter), the set of
placements that contribute differently to the two (in one and not the other, or with other
days or amounts). Subtracting one published amount from another, or the viewer's own
amounts, therefore never isolates a single placement or a single other municipality.
Combinations of more than two (a quarter minus two of its months) are covered because the
amounts add up over months and every month within a published period passes the rule too:
any such combination is a sum of month amounts that each come from enough placements.
"""

from collections import Counter
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.core.disclosure import magnitude_shown
from registry.core.periods import Period, periods_of_year
from registry.finance import calculations as calc
from registry.reports.catalogue import REPORTS
from registry.reports.catalogue.money import placement_facts
from registry.reports.facts import Fact, ReportData
from registry.reports.filters import ReportFilters
from registry.reports.presentation import present

pytestmark = pytest.mark.checklist("A12")

K = 5
YEAR = 2026
MUNICIPALITIES = {1: "Alfa", 2: "Beta", 3: "Gamma"}
VIEWERS = (None, 1, 2, 3)
PERIODS = periods_of_year(YEAR)
FILTERS = ({}, {"provider_id": 1}, {"municipality_id": 2})

placement = st.builds(
    lambda municipality, provider, service, start, length, rate, eligible: SimpleNamespace(
        municipality=municipality, provider=provider, service=service, eligible=eligible,
        start=date(YEAR, 1, 1) + timedelta(days=start),
        end=None if length is None else date(YEAR, 1, 1) + timedelta(days=start + length),
        rate=rate * 1000),
    st.sampled_from(sorted(MUNICIPALITIES)), st.sampled_from((1, 2)), st.sampled_from((1, 2)),
    st.integers(0, 364), st.none() | st.integers(0, 200), st.integers(100, 500), st.booleans())


def _measures(report_name, p, period):
    days = calc.care_days(p.schedule, period.first, period.last)
    cost = calc.cost(p.schedule, period.first, period.last)
    if report_name == "aterforing":
        return (cost, cost if p.eligible else 0, 0, 0)
    return (days, cost)


def _keys(report_name, p):
    if report_name == "dygnspris":
        return (f"Insats {p.service}", f"Utförare {p.provider}")
    return (MUNICIPALITIES[p.municipality],)


def _in(p, period):
    return calc.care_range(p.schedule, period.first, period.last) is not None


def _selected(world, filters):
    return [p for p in world
            if filters.get("provider_id") in (None, p.provider)
            and filters.get("municipality_id") in (None, p.municipality)]


def _data(report, world, period, filters):
    """Return the ReportData the report's builder makes of these placements."""
    chosen = _selected(world, filters)
    if report.kind == "counts":
        facts = [Fact(p.id, p.municipality, (MUNICIPALITIES[p.municipality],
                                             f"Insats {p.service}"), {period: ()})
                 for p in chosen if _in(p, period)]
        rows = [MUNICIPALITIES[filters["municipality_id"]]] if "municipality_id" in filters \
            else list(MUNICIPALITIES.values())
        return ReportData(period, facts, row_labels=rows, column_labels=["Insats 1", "Insats 2"])
    rows = [(SimpleNamespace(placement_id=p.id, municipality_id=p.municipality), p)
            for p in chosen]
    keys = {p.id: _keys(report.name, p) for p in chosen}
    by_id = {p.id: p for p in chosen}
    facts = placement_facts(ReportFilters(period), rows, lambda f: keys[f.placement_id],
                            lambda f, plan, q: _measures(report.name, by_id[f.placement_id], q))
    measures = ("Kostnad", "Återsökningsbart", "Återsökt", "Utbetalt") \
        if report.name == "aterforing" else ("Vårddygn", "Kostnad")
    key_columns = ("Insatstyp", "Utförare") if report.name == "dygnspris" else ("Kommun",)
    return ReportData(period, facts, key_columns, measures)


def _check_counts(presented, world, period, filters, viewer):
    """Every published count minus the viewer's own records of it is a multiple of k."""
    chosen = [p for p in _selected(world, filters) if _in(p, period)]
    columns = presented.headers[1:-1]
    for row in presented.rows + [presented.footer]:
        name = row[0].text
        for cell, column in zip(row[1:], [*columns, None], strict=True):
            records = [p for p in chosen
                       if name in ("Totalt", MUNICIPALITIES[p.municipality])
                       and column in (None, f"Insats {p.service}")]
            own = sum(1 for p in records if p.municipality == viewer)
            others = len(records) - own
            assert (cell.value - own) % K == 0, (name, column, cell.value, own)
            assert abs(cell.value - own - others) < K


def _published_amount_rows(report, presented):
    """Return [(row keys, shown count)] of the rows whose amounts are shown."""
    width = len(presented.headers) - presented.headers.index("Antal placeringar")
    shown = []
    for row in presented.rows:
        keys = tuple(cell.text for cell in row[:-width])
        assert all(cell.hidden for cell in row[-width + 1:]) or \
            not any(cell.hidden for cell in row[-width + 1:]), row
        if not row[-1].hidden:
            shown.append(keys)
    return shown


def _contribution(report_name, p, period):
    return _measures(report_name, p, period) if _in(p, period) else None


def _safe(records, viewer):
    return magnitude_shown(Counter(p.municipality for p in records), viewer, K)


def _check_amounts(report, published, world, viewer):
    """Every published amount and every difference of two published amounts of one row
    satisfies the magnitude rule."""
    for period, filters, keys in published:
        row = [p for p in _selected(world, filters) if _keys(report.name, p) == keys]
        assert _safe([p for p in row if _in(p, period)], viewer), (report.name, period, keys)
        for month in PERIODS[-12:]:
            if period.contains(month):
                assert _safe([p for p in row if _in(p, month)], viewer), (period, month, keys)
    for index, (period, filters, keys) in enumerate(published):
        for other_period, other_filters, other_keys in published[index + 1:]:
            if other_keys != keys or not period.nested_with(other_period):
                continue
            one = {p.id: p for p in _selected(world, filters) if _keys(report.name, p) == keys}
            two = {p.id: p for p in _selected(world, other_filters)
                   if _keys(report.name, p) == keys}
            differing = [p for p in world if p.id in one.keys() | two.keys()
                         and (_contribution(report.name, p, period) if p.id in one else None)
                         != (_contribution(report.name, p, other_period) if p.id in two
                             else None)]
            assert not differing or _safe(differing, viewer), (
                report.name, period, other_period, filters, other_filters, keys)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(placement, min_size=1, max_size=14))
def test_no_viewer_derives_another_municipality_s_small_count_or_single_amount(clock, world):
    clock(date(YEAR + 1, 1, 15))  # every day of the year has passed: all of it has accrued
    for number, p in enumerate(world, start=1):
        p.id = number
        p.schedule = calc.schedule(p.start, p.end, p.rate)
    reports = [r for r in REPORTS.values() if r.kind in ("counts", "rows")]
    for report in reports:
        for viewer in VIEWERS:
            published = []
            for filters in FILTERS:
                for period in PERIODS:
                    presented = present(report, _data(report, world, period, filters), K,
                                        viewer)
                    if report.kind == "counts":
                        _check_counts(presented, world, period, filters, viewer)
                    else:
                        published += [(period, filters, keys)
                                      for keys in _published_amount_rows(report, presented)]
            if report.kind == "rows":
                _check_amounts(report, published, world, viewer)


def test_a_quarter_minus_two_of_its_months_cannot_isolate_the_third(app):
    """January's only placement of a third municipality: Q1, February and March would each
    pass the pairwise rule, and Q1 - February - March is January's amount. Q1 is hidden."""
    def p(i, municipality, start, end=None):
        return SimpleNamespace(id=i, municipality=municipality, provider=1, service=1,
                               eligible=False, start=start, end=end, rate=100_000,
                               schedule=calc.schedule(start, end, 100_000))
    world = [p(1, 1, date(YEAR, 1, 10), date(YEAR, 1, 20))]
    world += [p(i, 1 + i % 2, date(YEAR, 2, 1)) for i in range(2, 9)]
    report = REPORTS["dygnspris"]
    shown = {key: not present(report, _data(report, world, Period.parse(key), {}), K, 3
                              ).rows[0][-1].hidden
             for key in ("2026-K1", "2026-02", "2026-03")}
    assert shown == {"2026-K1": False, "2026-02": True, "2026-03": True}


def test_the_property_sees_amounts_published(app):
    """The property is not vacuous: with enough placements of two other municipalities an
    amount is shown to a third."""
    world = [SimpleNamespace(id=i, municipality=1 + i % 2, provider=1, service=1,
                             eligible=False, start=date(YEAR, 1, 1), end=None, rate=100_000)
             for i in range(1, 7)]
    for p in world:
        p.schedule = calc.schedule(p.start, p.end, p.rate)
    report = REPORTS["dygnspris"]
    presented = present(report, _data(report, world, Period(YEAR, "year"), {}), K, 3)
    assert presented.rows and not presented.rows[0][-1].hidden
