"""The cross-query rules of core/disclosure.py, on their own."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.core.disclosure import magnitude_shown, rounded_count, viewer_count


def test_a_rounded_count_is_a_multiple_of_k_and_the_same_for_the_same_records():
    for n in range(0, 40):
        ids = range(100, 100 + n)
        shown = rounded_count(ids, 5)
        assert shown % 5 == 0 and abs(shown - n) < 5
        assert rounded_count(reversed(list(ids)), 5) == shown


def test_rounding_is_unbiased_over_many_record_sets():
    shown = [rounded_count(range(start, start + 3), 5) for start in range(0, 6000, 3)]
    mean = sum(shown) / len(shown)
    assert 2.5 < mean < 3.5  # 3 on average: 5 in about 3 of 5 sets, 0 in the rest


def test_the_viewers_own_records_are_exact_and_the_others_rounded():
    records = [(1, 10), (2, 10), (3, 10), (4, 20), (5, 30)]
    assert viewer_count(records, 10, 5) in (3, 8)
    assert viewer_count(records, None, 5) in (5,)


def test_an_amount_needs_k_records_of_two_other_municipalities():
    assert magnitude_shown({10: 4}, 10, 5)  # the viewer's own
    assert not magnitude_shown({10: 4, 20: 1}, 10, 5)  # one other placement
    assert not magnitude_shown({20: 9}, 10, 5)  # one other municipality
    assert not magnitude_shown({20: 2, 30: 2}, 10, 5)  # too few
    assert magnitude_shown({20: 2, 30: 3, 10: 1}, 10, 5)


@pytest.mark.checklist("A9")
@given(st.lists(st.lists(st.integers(0, 12), min_size=1, max_size=4), min_size=1, max_size=6),
       st.integers(2, 6))
def test_no_shown_count_of_others_is_small_and_no_line_gives_one_away(table, k):
    """Checklist A9, adapted (DESIGN §2a): instead of hiding cells 1..k-1 and protecting them
    with complementary suppression, every count of other municipalities' records is shown
    rounded to a multiple of k. So no shown cell is in 1..k-1 and a row or column total minus
    the shown cells is a multiple of k too: nothing small can be worked out from a line."""
    next_id = iter(range(1, 10**6))
    cells = [[[next(next_id) for _ in range(n)] for n in row] for row in table]
    shown = [[rounded_count(ids, k) for ids in row] for row in cells]
    for row_ids, row_shown in zip(cells, shown, strict=True):
        total = rounded_count([i for ids in row_ids for i in ids], k)
        assert all(value % k == 0 for value in row_shown)
        assert (total - sum(row_shown)) % k == 0
    for column in range(max(len(row) for row in cells)):
        ids = [i for row in cells if column < len(row) for i in row[column]]
        total = rounded_count(ids, k)
        assert (total - sum(row[column] for row in shown if column < len(row))) % k == 0
