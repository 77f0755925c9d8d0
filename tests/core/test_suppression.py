"""Small-number suppression of one column (core/suppression.py). The report tables round
instead (core/disclosure.py, tests/reports/test_disclosure_property.py)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.core.suppression import line_pins, suppress, suppressed_column


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


def test_two_small_cells_summing_to_two_are_pinned():
    assert line_pins([1, 1, 9], 11, {0, 1}, 5)
    assert not line_pins([1, 2, 9], 12, {0, 1}, 5)


def test_a_small_and_a_protecting_cell_can_still_pin():
    # 1 (small: 1..4) + 5 (protecting: 0 or 5+) = 6 leaves only 1 + 5.
    assert line_pins([1, 5, 9], 15, {0, 1}, 5)
    assert not line_pins([3, 5, 9], 17, {0, 1}, 5)
