"""The cross-query rules of core/disclosure.py, on their own."""

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
