"""Checklist T1: the tests pass on any day of the year.

The proof is that CI runs every date-sensitive test (marker `dates`) again under libfaketime on
awkward days (`scripts/test-dates.sh`, called by `.ci/run` through `make test-dates`). These
tests keep that proof honest: the days really are the awkward ones, CI really runs them, and no
test reads a clock other than the app's.
"""

import ast
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from registry.core.dates import STOCKHOLM

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "test-dates.sh"


def _days():
    """The Stockholm dates and times the script fakes (it gives UTC instants)."""
    block = re.search(r"DEFAULT_DATES=\((.*?)\)", SCRIPT.read_text(encoding="utf-8"), re.S)
    instants = re.findall(r'"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)"', block.group(1))
    return [datetime.fromisoformat(text).replace(tzinfo=UTC).astimezone(STOCKHOLM)
            for text in instants]


def _dst_change(day):
    before = datetime(day.year, day.month, day.day, tzinfo=STOCKHOLM).utcoffset()
    after = (datetime(day.year, day.month, day.day, tzinfo=STOCKHOLM)
             + timedelta(days=1)).utcoffset()
    return before != after


@pytest.mark.checklist("T1")
def test_the_faked_days_are_the_awkward_ones():
    days = [moment.date() for moment in _days()]
    assert any(day.day == 1 for day in days), "no first day of a month"
    assert any((day + timedelta(days=1)).day == 1 for day in days), "no last day of a month"
    assert any((day.month, day.day) == (2, 29) for day in days), "no 29 February"
    assert any(_dst_change(day) for day in days), "no day when Stockholm changes its clocks"


@pytest.mark.checklist("T1")
def test_ci_runs_the_date_sensitive_tests_under_faketime():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^make test-dates\b", ci, re.M)
    assert "faketime" in ci  # installed there like chromium
    assert re.search(r"^test-dates:.*\n\tbash scripts/test-dates.sh", makefile, re.M)
    script = SCRIPT.read_text(encoding="utf-8")
    assert 'faketime "$when"' in script and "-m dates" in script


@pytest.mark.checklist("T1")
def test_tests_read_only_the_apps_clock():
    """`date.today()` and `datetime.now()` give the machine's date (UTC in CI), not Stockholm's:
    between 23:00 and 24:00 UTC they are a day behind the app. Tests use
    `registry.core.dates.today()`/`utcnow()` or a frozen clock."""
    wall_clock = {("date", "today"), ("datetime", "now"), ("datetime", "today"),
                  ("datetime", "utcnow")}
    found = []
    for path in (ROOT / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name)
                    and (node.func.value.id, node.func.attr) in wall_clock
                    and not node.args and not node.keywords):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, f"tests reading the machine's clock directly: {found}"
