"""Small steps the journeys share: look at a page, prove it accessible, keep a screenshot."""

import re

from tests.e2e.accessibility import assert_accessible

# The smallest file the upload checks accept as a PDF (it starts with the %PDF- magic).
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def seen(page, shots, name):
    """Check the page with axe (WCAG 2.1 A/AA) and keep a full-page screenshot of it."""
    page.wait_for_load_state()
    shots(page, name)
    assert_accessible(page)


def text_of(locator):
    """Return the locator's visible text with every kind of space made one plain space."""
    return _SPACES.sub(" ", locator.inner_text()).strip()


def kronor(text):
    """Read '4 750 kr' or a price '4 750 kr/dygn' (any spaces) as a whole number of kronor."""
    return int(_SPACES.sub("", text).split("/")[0].removesuffix("kr"))


def row(scope, text):
    """Return the one table row inside `scope` (a page or a locator) that mentions `text`."""
    scope = scope.locator("main") if hasattr(scope, "goto") else scope
    rows = scope.locator("tr").filter(has_text=text)
    assert rows.count() == 1, f"expected one row with {text!r}, found {rows.count()}"
    return rows.first


def field(page, label):
    """Return the form control whose label is exactly `label`."""
    return page.get_by_label(label, exact=True)


def submit(page, name):
    """Press the form button called `name` and wait for the answer."""
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def flash(page):
    """Return the text of the page's messages (flash or error summary)."""
    return text_of(page.locator(".flashes, .error-summary").first)
