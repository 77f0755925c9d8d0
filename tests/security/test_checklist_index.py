"""Every row of shared/reliability-checklist.md is proven by a test, or says why it does not apply.

A test proves a row by carrying `@pytest.mark.checklist("A5")` (or a module-level
`pytestmark`). The rows are listed here rather than read from ../shared so the suite does not
depend on a file outside the repository; `test_rows_match_the_shared_checklist` compares the two
whenever the shared file is beside the checkout.
"""

import ast
import re
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
SHARED = TESTS.parents[1] / "shared" / "reliability-checklist.md"

ROWS = (
    [f"S{n}" for n in range(1, 12)]
    + [f"A{n}" for n in range(1, 10)]
    + [f"U{n}" for n in range(1, 10)]
    + [f"H{n}" for n in range(1, 5)]
    + [f"D{n}" for n in range(1, 8)]
    + ["C1", "C2", "L1", "L2"]
    # Section (b), added after the registry was attacked from outside.
    + [f"A{n}" for n in range(10, 15)]
    + ["U10", "U11", "D8", "D9", "D10", "R1", "R2", "R3", "R4", "T1"]
)

# Rows not proven yet, each with the open issue that owns it; that issue is not resolved while
# one of its rows is listed here.
PENDING: dict[str, int] = {}

# Rows that do not fit this registry word for word, with the adapted meaning or the reason.
ADAPTED = {
    "A9": "Complementary suppression is replaced by the cell key rounding of DESIGN §2a: every "
          "count of other municipalities' records is shown as a multiple of k (0 or >= k), the "
          "viewer's own exactly, so no shown cell is in 1..k-1 and no line gives a small value "
          "away; proven by tests marked A9 (core/test_disclosure.py) and A12.",
    "A4": "No client identity is stored (no name, personnummer or address); the row becomes "
          "'case reference and report texts never leave the owning municipality', proven by "
          "the rows' tests marked A4.",
}


def _marked_rows(node):
    """Yield the row ids of every `pytest.mark.checklist(...)` call inside `node`."""
    for call in ast.walk(node):
        if not isinstance(call, ast.Call):
            continue
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr == "checklist":
            for arg in call.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield arg.value


def _proofs():
    """Map each row id to the test files that mark a test (or module) as proving it."""
    found = {}
    for path in TESTS.rglob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for row in _marked_rows(tree):
            found.setdefault(row, set()).add(str(path.relative_to(TESTS)))
    return found


def test_every_row_has_a_test():
    proofs = _proofs()
    missing = [row for row in ROWS
               if row not in proofs and row not in ADAPTED and row not in PENDING]
    assert not missing, f"checklist rows without a test marked for them: {missing}"


def test_pending_rows_are_really_pending():
    """A row that has its test is taken off the pending list, so its issue can be resolved."""
    proven = sorted(set(PENDING) & set(_proofs()))
    assert not proven, f"rows listed as pending but already proven: {proven}"
    assert set(PENDING) <= set(ROWS)


def test_marks_name_real_rows():
    unknown = sorted(set(_proofs()) - set(ROWS))
    assert not unknown, f"tests mark rows the checklist does not have: {unknown}"


def test_rows_match_the_shared_checklist():
    if not SHARED.exists():
        pytest.skip("shared/reliability-checklist.md is not beside this checkout")
    listed = re.findall(r"^\| ([A-Z]\d+) \|", SHARED.read_text(encoding="utf-8"), re.M)
    assert sorted(listed) == sorted(ROWS)
