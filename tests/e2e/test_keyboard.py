"""Keyboard use and form semantics: the skip link, a visible focus, the focus order of the main
forms, a label on every input and every error tied to its field."""

import pytest

from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import login
from tests.e2e.journey import seen

# The main forms, each with the user who fills it in.
FORMS = [
    ("purchaser.sollentuna@demo.invalid", "/providers/new"),
    ("purchaser.sollentuna@demo.invalid", "/agreements/new"),
    ("case_officer.sollentuna@demo.invalid", "/placements/ny"),
]

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {id: el.id, tag: el.tagName, text: el.innerText || '', outline: style.outlineStyle,
          width: parseFloat(style.outlineWidth), shadow: style.boxShadow,
          visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight};
}"""

# Every form control a person can reach, in document order, with whether it has a label.
CONTROLS = """() => Array.from(document.querySelectorAll(
    'main form input:not([type=hidden]), main form select, main form textarea'))
  .filter(el => !el.disabled)
  .map(el => ({id: el.id,
               labelled: el.labels.length > 0 && el.labels[0].innerText.trim() !== ''}))"""


def focused(page):
    return page.evaluate(FOCUSED)


def assert_focus_visible(state):
    assert state["visible"], f"focused {state} is off screen"
    assert state["outline"] != "none" and state["width"] >= 2, f"no visible focus on {state}"


def test_skip_link_is_first_and_moves_to_main(page, shots):
    login(page, "case_officer.sollentuna@demo.invalid")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["text"] == "Hoppa till huvudinnehållet"
    assert_focus_visible(first)
    shots(page, "skip-link-focused")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the next stop is inside the main content, past the menu
    assert page.evaluate("() => document.activeElement.closest('main') !== null")


def test_login_by_keyboard_alone(page, shots):
    page.goto("/login")
    order = []
    for _ in range(6):
        page.keyboard.press("Tab")
        state = focused(page)
        assert_focus_visible(state)
        order.append(state["id"] or state["text"].strip())
    assert order[:2] == ["Hoppa till huvudinnehållet", "Utförarregistret Nordväst"]
    assert order[2:5] == ["email", "password", "Logga in"]
    page.locator("#email").focus()
    page.keyboard.type("case_officer.sollentuna@demo.invalid")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-password-2026")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("navigation", name="Huvudmeny").is_visible()
    shots(page, "signed-in-by-keyboard")


@pytest.mark.parametrize(("user", "path"), FORMS)
@pytest.mark.checklist("L2")
def test_form_focus_order_labels_and_errors(page, shots, user, path):
    login(page, user)
    page.goto(path)
    controls = page.evaluate(CONTROLS)
    assert controls and all(c["labelled"] for c in controls), controls
    assert page.locator("[tabindex]:not([tabindex='-1']):not([tabindex='0'])").count() == 0
    page.locator(f"#{controls[0]['id']}").focus()
    reached = [controls[0]["id"]]
    for _ in range(len(controls) * 4):  # a date input takes three stops
        page.keyboard.press("Tab")
        state = focused(page)
        if state["tag"] == "BUTTON":
            break
        assert_focus_visible(state)
        if state["id"] and state["id"] not in reached:
            reached.append(state["id"])
    # Radio groups take one Tab stop, so compare the order of what was reached.
    ids = [c["id"] for c in controls]
    assert reached == [i for i in ids if i in reached], "Tab order differs from reading order"
    assert len(reached) >= len({i.split("-")[0] for i in ids}) - 1
    submit_empty(page, shots, path)


def submit_empty(page, shots, path):
    """Send the form empty: the error summary links to fields, each error is tied to its field."""
    page.locator("main form .button[type=submit]").last.click()
    page.wait_for_load_state()
    seen(page, shots, "errors-" + path.strip("/").replace("/", "-"))
    summary_links = page.locator(".error-summary a")
    assert summary_links.count() > 0
    for link in summary_links.all():
        target = page.locator(link.get_attribute("href"))
        error_id = target.get_attribute("id") + "-error"
        assert page.locator(f"#{error_id}").is_visible()
        described = (target.get_attribute("aria-describedby") or "").split()
        assert error_id in described, f"{error_id} not in aria-describedby of the field"
    summary_links.first.press("Enter")
    target_id = summary_links.first.get_attribute("href").lstrip("#")
    assert page.evaluate("() => document.activeElement.id") == target_id
    assert_accessible(page)


def test_public_pages_without_login(page, shots):
    for path, name in (("/login", "login"), ("/tillganglighet", "accessibility-statement")):
        page.goto(path)
        seen(page, shots, name)
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.startswith("Tillgänglighetsredogörelse")


def test_tablet_width_keeps_the_page_readable(page, shots):
    page.set_viewport_size({"width": 768, "height": 1024})
    login(page, "finance.sigtuna@demo.invalid")
    page.goto("/finance/")
    page.get_by_role("link", name="SIG-DEMO-0001").click()
    seen(page, shots, "finance-placement-tablet")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 0, "the page scrolls sideways at tablet width (wide tables must scroll)"
    # A table wider than the screen scrolls in its own frame, which the keyboard can reach.
    wide = page.locator(".table-wrap[data-scrolls]")
    assert wide.count() > 0
    first = wide.first
    assert first.get_attribute("tabindex") == "0" and first.get_attribute("aria-label")
    first.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    # Scrolling is applied on the next frames, not inside the key press: wait for it (up to
    # the page timeout) instead of reading the position at once, which failed on a busy CI box.
    page.wait_for_function("el => el.scrollLeft > 0", arg=first.element_handle())
