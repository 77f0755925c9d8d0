"""Small-number suppression of one column: counts that could identify a person.

Counts from 1 to k-1 are hidden (k is REGISTRY_SMALL_NUMBER_THRESHOLD, default 5). A reader
who sees a column with its total knows that each hidden count lies in 1..k-1. The column
*pins* a hidden entry when the total and the visible entries leave that entry a single
possible value: one hidden cell under a visible total, or two small cells summing to 2; then
the total is hidden (suppressed_column).

The report catalogue and the dashboards no longer suppress: they round other municipalities'
counts by the cell key method and apply the magnitude rule (core/disclosure.py), which also
holds across queries; the complementary suppression of whole tables that was here is gone
with them.
"""

TOTAL_HIDDEN = "visas inte"


def is_small(count, threshold):
    """Return True when a count must not be shown as it is."""
    return 0 < count < threshold


def suppress(count, threshold):
    """Return a count for display: 0 and counts at or above the threshold as they are."""
    if is_small(count, threshold):
        return f"färre än {threshold}"
    return str(count)


# The line rule ---------------------------------------------------------------------------------

def _ones(first, last):
    """Return a bit mask with bits first..last set."""
    return 0 if last < first else ((1 << (last - first + 1)) - 1) << first


def _domain(value, threshold, cap):
    """Return (low, high, zero allowed) of what a reader knows about a hidden value."""
    if is_small(value, threshold):
        return 1, threshold - 1, False
    return threshold, cap, True


def _add(sums, domain, cap):
    """Return the sums reachable by adding one value of `domain` to any of `sums`."""
    low, high, zero = domain
    reached = sums if zero else 0
    if high >= cap and sums:
        lowest = (sums & -sums).bit_length() - 1
        reached |= _ones(lowest + low, cap)
    else:
        for value in range(low, high + 1):
            reached |= sums << value
    return reached & _ones(0, cap)


def _reach(domains, cap):
    sums = 1
    for domain in domains:
        sums = _add(sums, domain, cap)
    return sums


def _values(domain, cap):
    low, high, zero = domain
    return ([0] if zero else []) + list(range(low, min(high, cap) + 1))


def _at_most_one(candidates):
    found = 0
    for _ in candidates:
        found += 1
        if found > 1:
            return False
    return True


def line_pins(cells, total, hidden, threshold, cap=None):
    """Return True when a line (cells summing to a visible total) leaves a hidden entry one
    value. `hidden` holds the indexes of hidden cells; each ranges over 1..k-1 when small,
    else over 0 and k..cap.
    """
    if not hidden:
        return False
    cap = max(cap or 0, total, threshold)
    domains = {i: _domain(cells[i], threshold, cap) for i in hidden}
    known = sum(c for i, c in enumerate(cells) if i not in hidden)
    target = total - known
    for i, domain in domains.items():
        others = _reach([d for j, d in domains.items() if j != i], cap)
        if _at_most_one(v for v in _values(domain, cap)
                        if v <= target and (others >> (target - v)) & 1):
            return True
    return False


# One column ------------------------------------------------------------------------------------

def total_reveals_a_cell(counts, threshold):
    """Return True when the visible cells and the total would pin down a suppressed cell."""
    hidden = {i for i, c in enumerate(counts) if is_small(c, threshold)}
    return bool(hidden) and line_pins(counts, sum(counts), hidden, threshold)


def suppressed_column(counts, threshold):
    """Return (cells, total) for display; the total is hidden when it would reveal a cell."""
    cells = [suppress(c, threshold) for c in counts]
    if total_reveals_a_cell(counts, threshold):
        return cells, TOTAL_HIDDEN
    return cells, suppress(sum(counts), threshold)
