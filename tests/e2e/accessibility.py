"""axe-core (carried by axe-playwright-python) with the WCAG 2.0/2.1 A and AA rules."""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_AXE = Axe()
_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def violations(page):
    """Return axe's WCAG A/AA violations on the current page, one readable line per node."""
    found = _AXE.run(page, options=_OPTIONS).response["violations"]
    return [f"{rule['id']} ({rule['impact']}): {rule['help']} -> {node['target']} "
            f"{node.get('failureSummary', '')!r}"
            for rule in found for node in rule["nodes"]]


def assert_accessible(page):
    """Fail with every violation listed when axe finds any on the current page."""
    problems = violations(page)
    assert not problems, f"axe on {page.url}:\n" + "\n".join(problems)
