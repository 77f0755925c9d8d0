"""Small-number suppression: the one rule for showing counts that could identify a person.

Counts from 1 to k-1 are hidden (k is REGISTRY_SMALL_NUMBER_THRESHOLD, default 5). A reader
who sees a line (a row or a column with its total) knows that each hidden count lies in its
range: 1..k-1 for a small count, 0 or k and more for a count hidden only to protect another.
A line *pins* a hidden entry when the total and the visible entries leave that entry a single
possible value: one hidden cell under a visible total, or two small cells summing to 2.

One column (suppressed_column) hides its total when the total would pin a cell. A table
(suppress_table) hides further cells, the smallest first, until no line pins anything
(complementary suppression); its totals are lines too, so a hidden total is protected the
same way. Rows the reader already knows (the own municipality) are never hidden and count as
visible when the rule asks what can be worked out.
"""

from dataclasses import dataclass

TOTAL_HIDDEN = "visas inte"
PROTECTING_MARK = ".."


def is_small(count, threshold):
    """Return True when a count must not be shown as it is."""
    return 0 < count < threshold


def suppress(count, threshold):
    """Return a count for display: 0 and counts at or above the threshold as they are."""
    if is_small(count, threshold):
        return f"färre än {threshold}"
    return str(count)


def small_mark(threshold):
    """Return how a table shows a small count, e.g. '<5'."""
    return f"<{threshold}"


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


def line_pins(cells, total, hidden, total_hidden, threshold, cap=None):
    """Return True when a line (cells summing to total) leaves a hidden entry one value.

    `hidden` holds the indexes of hidden cells; each hidden value ranges over 1..k-1 when
    small, else over 0 and k..cap.
    """
    if not hidden and not total_hidden:
        return False
    cap = max(cap or 0, total, threshold)
    domains = {i: _domain(cells[i], threshold, cap) for i in hidden}
    known = sum(c for i, c in enumerate(cells) if i not in hidden)
    if total_hidden:
        return _pins_with_hidden_total(domains, known, _domain(total, threshold, cap), cap)
    target = total - known
    for i, domain in domains.items():
        others = _reach([d for j, d in domains.items() if j != i], cap)
        if _at_most_one(v for v in _values(domain, cap)
                        if v <= target and (others >> (target - v)) & 1):
            return True
    return False


def _pins_with_hidden_total(domains, known, total_domain, cap):
    allowed = (1 if total_domain[2] else 0) | _ones(total_domain[0], min(total_domain[1], cap))
    if (allowed & (_reach(domains.values(), cap) << known)).bit_count() <= 1:
        return True
    for i, domain in domains.items():
        others = _reach([d for j, d in domains.items() if j != i], cap)
        if _at_most_one(v for v in _values(domain, cap) if (allowed >> (v + known)) & others):
            return True
    return False


# One column ------------------------------------------------------------------------------------

def total_reveals_a_cell(counts, threshold):
    """Return True when the visible cells and the total would pin down a suppressed cell."""
    hidden = {i for i, c in enumerate(counts) if is_small(c, threshold)}
    return bool(hidden) and line_pins(counts, sum(counts), hidden, False, threshold)


def suppressed_column(counts, threshold):
    """Return (cells, total) for display; the total is hidden when it would reveal a cell."""
    cells = [suppress(c, threshold) for c in counts]
    if total_reveals_a_cell(counts, threshold):
        return cells, TOTAL_HIDDEN
    return cells, suppress(sum(counts), threshold)


# A table ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SuppressedTable:
    """A count table with totals: each row ends with its total, the last row holds the
    column totals and the grand total; `hidden` holds the (row, column) positions not shown."""

    grid: tuple  # rows of counts, each ending with its row total; the last row holds totals
    hidden: frozenset
    threshold: int

    def is_hidden(self, i, j):
        return (i, j) in self.hidden

    def text(self, i, j):
        """Return what the page or file shows at (i, j): the count, '<k' or '..'."""
        value = self.grid[i][j]
        if (i, j) not in self.hidden:
            return str(value)
        return small_mark(self.threshold) if is_small(value, self.threshold) else PROTECTING_MARK

    def value(self, i, j):
        """Return the count at (i, j), or None when it is hidden."""
        return None if (i, j) in self.hidden else self.grid[i][j]


def _with_totals(counts):
    rows = [list(row) + [sum(row)] for row in counts]
    width = len(rows[0]) if rows else 1
    rows.append([sum(row[j] for row in rows) for j in range(width)])
    return rows


def _lines(height, width):
    """Return every line as (cell positions, total position), totals included."""
    rows = [([(i, j) for j in range(width - 1)], (i, width - 1)) for i in range(height)]
    columns = [([(i, j) for i in range(height - 1)], (height - 1, j)) for j in range(width)]
    return rows + columns


def _pinned(grid, line, hidden, threshold, cap):
    cells, total = line
    values = [grid[i][j] for i, j in cells]
    hidden_cells = {n for n, pos in enumerate(cells) if pos in hidden}
    return line_pins(values, grid[total[0]][total[1]], hidden_cells, total in hidden,
                     threshold, cap)


def _protecting_choice(grid, line, hidden, known):
    """Return the position to hide next in a pinning line: smallest count, totals last."""
    cells, total = line
    free = [pos for pos in cells if pos not in hidden and pos not in known]
    if free:
        return min(free, key=lambda pos: (grid[pos[0]][pos[1]] == 0, grid[pos[0]][pos[1]]))
    return None if total in hidden or total in known else total


def suppress_table(counts, threshold, known_rows=()):
    """Return the SuppressedTable of a rows x columns count table (complementary rule)."""
    grid = _with_totals(counts)
    height, width = len(grid), len(grid[0])
    known = {(i, j) for i in known_rows for j in range(width)}
    hidden = {(i, j) for i in range(height) for j in range(width)
              if is_small(grid[i][j], threshold) and (i, j) not in known}
    cap = max(grid[-1][-1], threshold)
    lines = _lines(height, width)
    changed = True
    while changed:
        changed = False
        for line in lines:
            if _pinned(grid, line, hidden, threshold, cap):
                choice = _protecting_choice(grid, line, hidden, known)
                if choice is not None:
                    hidden.add(choice)
                    changed = True
    return SuppressedTable(tuple(tuple(row) for row in grid), frozenset(hidden), threshold)
