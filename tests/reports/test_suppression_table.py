"""Complementary suppression of two-dimensional count tables (core/suppression.py)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.core.suppression import line_pins, suppress_table

tables = st.integers(min_value=1, max_value=6).flatmap(
    lambda width: st.lists(st.lists(st.integers(min_value=0, max_value=14), min_size=width,
                                    max_size=width), min_size=1, max_size=7))


def _lines(table):
    """Yield (cells, total) positions of every row and column, the totals' lines included."""
    height, width = len(table.grid), len(table.grid[0])
    for i in range(height):
        yield [(i, j) for j in range(width - 1)], (i, width - 1)
    for j in range(width):
        yield [(i, j) for i in range(height - 1)], (height - 1, j)


def _check(table, k, known=frozenset()):
    for i, row in enumerate(table.grid):
        for j, value in enumerate(row):
            if not table.is_hidden(i, j) and (i, j) not in known:
                assert not 0 < value < k, (i, j, value)
    for cells, total in _lines(table):
        if table.is_hidden(*total):
            continue
        hidden = [pos for pos in cells if table.is_hidden(*pos)]
        assert len(hidden) != 1, (cells, table.grid, table.hidden)


@settings(max_examples=400, deadline=None)
@given(tables, st.integers(min_value=2, max_value=6))
@pytest.mark.checklist("A9")
def test_no_small_cell_shows_and_no_visible_total_pins_one_hidden_cell(counts, k):
    _check(suppress_table(counts, k), k)


@settings(max_examples=200, deadline=None)
@given(tables, st.integers(min_value=2, max_value=6), st.data())
def test_rows_the_reader_knows_stay_visible_and_protect_nothing(counts, k, data):
    own = data.draw(st.integers(min_value=0, max_value=len(counts) - 1))
    table = suppress_table(counts, k, known_rows=[own])
    known = {(own, j) for j in range(len(table.grid[0]))}
    assert not table.hidden & known
    _check(table, k, known)
    for cells, total in _lines(table):  # what the own row reveals counts as visible
        if not table.is_hidden(*total):
            hidden = [pos for pos in cells if table.is_hidden(*pos)]
            assert len(hidden) != 1


def test_a_hand_worked_table():
    table = suppress_table([[10, 3, 7], [6, 8, 9], [12, 0, 5]], 5)
    shown = [[table.text(i, j) for j in range(4)] for i in range(4)]
    assert shown[0][1] == "<5"
    assert shown[3] == ["28", "11", "21", "60"]  # every column total stays visible
    assert sum(cell in {"<5", ".."} for cell in shown[0][:3]) >= 2
    assert sum(cell in {"<5", ".."} for cell in [row[1] for row in shown[:3]]) >= 2
    assert table.value(0, 1) is None and table.value(3, 3) == 60


def test_a_table_without_small_counts_is_shown_whole():
    table = suppress_table([[10, 0], [6, 8]], 5)
    assert not table.hidden
    assert table.text(2, 2) == "24"


def test_two_small_cells_summing_to_two_are_pinned():
    assert line_pins([1, 1, 9], 11, {0, 1}, False, 5)
    assert not line_pins([1, 2, 9], 12, {0, 1}, False, 5)


def test_a_small_and_a_protecting_cell_can_still_pin():
    # 1 (small: 1..4) + 5 (protecting: 0 or 5+) = 6 leaves only 1 + 5.
    assert line_pins([1, 5, 9], 15, {0, 1}, False, 5)
    assert not line_pins([3, 5, 9], 17, {0, 1}, False, 5)
