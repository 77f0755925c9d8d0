"""Small-number suppression (core/suppression.py): one column as the pages use it, then
complementary suppression of two-dimensional count tables."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.core.suppression import line_pins, suppress, suppress_table, suppressed_column


def test_counts_from_one_to_four_are_suppressed():
    assert [suppress(n, 5) for n in (0, 1, 4, 5, 12)] == ["0", "färre än 5", "färre än 5",
                                                         "5", "12"]


def test_a_total_that_would_reveal_one_suppressed_cell_is_hidden():
    assert suppressed_column([7, 3, 0], 5) == (["7", "färre än 5", "0"], "visas inte")


def test_a_total_over_two_suppressed_cells_is_shown():
    assert suppressed_column([7, 3, 2], 5) == (["7", "färre än 5", "färre än 5"], "12")
    assert suppressed_column([0, 0], 5) == (["0", "0"], "0")
    assert suppressed_column([2, 1], 5)[1] == "färre än 5"


def test_two_hidden_ones_do_not_leak_through_the_total():
    assert suppressed_column([5, 1, 1], 5) == (["5", "färre än 5", "färre än 5"], "visas inte")
    assert suppressed_column([5, 4, 4], 5)[1] == "visas inte"  # 8 over two cells: 4 + 4
    assert suppressed_column([5, 2, 1], 5)[1] == "8"  # 3 over two cells: 1+2 or 2+1


@settings(max_examples=300)
@given(st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=7),
       st.integers(min_value=2, max_value=6))
@pytest.mark.checklist("A9")
def test_a_visible_total_never_pins_down_a_hidden_cell(counts, k):
    cells, total = suppressed_column(counts, k)
    assert all(cell == "0" or not cell.isdigit() or int(cell) >= k for cell in cells)
    if total == "visas inte" or not total.isdigit():
        return
    hidden = [c for c in counts if 0 < c < k]
    if not hidden:
        return
    # Every assignment of the hidden cells consistent with what is shown must allow at least
    # two values for each hidden cell.
    n, mass = len(hidden), sum(hidden)
    for _ in hidden:
        possible = {v for v in range(1, k) if (n - 1) <= mass - v <= (n - 1) * (k - 1)}
        assert len(possible) >= 2


# --- Tables: complementary suppression ---------------------------------------------------

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
