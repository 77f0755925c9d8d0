"""Every page: Swedish, a skip link to #main, a label for every input, errors tied to fields."""

from html.parser import HTMLParser

import pytest

from tests import factories
from tests.conftest import csrf_token

UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class PageScan(HTMLParser):
    """Collect the facts the accessibility checks need from one page."""

    def __init__(self):
        super().__init__()
        self.lang = None
        self.ids = set()
        self.label_for = set()
        self.controls = []
        self.described_by = []
        self.links = []
        self._label_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a":
            self.links.append(attrs.get("href"))
        if tag == "label":
            self._label_depth += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        if tag in {"input", "select", "textarea"}:
            if attrs.get("type", "text") not in UNLABELLED_TYPES:
                self.controls.append((attrs.get("id"), self._label_depth > 0, attrs))
        if attrs.get("aria-describedby"):
            self.described_by.extend(attrs["aria-describedby"].split())

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_depth -= 1


def scan(html):
    page = PageScan()
    page.feed(html)
    return page


def assert_accessible_basics(html, where):
    page = scan(html)
    assert page.lang == "sv", where
    assert page.links and page.links[0] == "#main", f"{where}: the skip link must come first"
    assert "main" in page.ids, where
    for control_id, wrapped, attrs in page.controls:
        assert wrapped or (control_id and control_id in page.label_for), (where, attrs)
    for target in page.described_by:
        assert target in page.ids, (where, target)


@pytest.mark.parametrize("path", ["/login", "/tillganglighet", "/finns-inte"])
def test_public_pages(client, path):
    response = client.get(path)
    assert_accessible_basics(response.get_data(as_text=True), path)


def test_signed_in_pages_of_a_case_officer(login_as):
    placement = factories.placement("solna")
    client = login_as("case_officer", "solna")
    paths = ["/", "/profil", "/providers/", f"/providers/{placement.provider_id}",
             "/agreements/", f"/agreements/{placement.agreement_id}", "/placements/",
             f"/placements/{placement.id}", "/placements/987654321"]
    for path in paths:
        response = client.get(path)
        assert response.status_code in {200, 404}, path
        assert_accessible_basics(response.get_data(as_text=True), path)


@pytest.mark.parametrize("who", [("purchaser", "solna"), ("finance", "solna"),
                                   ("coordinator",), ("admin",)])
def test_every_dashboard_is_swedish_and_labelled(login_as, who):
    html = login_as(who).get("/").get_data(as_text=True)
    assert_accessible_basics(html, who)
    assert 'aria-label="Huvudmeny"' in html
    assert 'name="csrf-token"' in html
    assert "Logga ut" in html and "Min profil" in html
    assert "Tillgänglighetsredogörelse" in html


def test_login_errors_are_tied_to_their_fields(client):
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"email": "", "password": "", "csrf_token": token})
    html = response.get_data(as_text=True)
    page = scan(html)
    assert 'role="alert"' in html
    assert "email-error" in page.described_by and "password-error" in page.described_by
    assert 'aria-invalid="true"' in html
    assert_accessible_basics(html, "/login with errors")


def test_login_keeps_the_typed_email_and_says_what_failed(client):
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"email": "someone@example.org",
                                           "password": "not-the-password",
                                           "csrf_token": token})
    html = response.get_data(as_text=True)
    assert 'value="someone@example.org"' in html
    assert "Fel e-postadress eller lösenord." in html


@pytest.mark.parametrize(("who", "present", "absent"), [
    (("admin",), ["/admin/logg"], ["/placements/", "/providers/"]),
    (("case_officer", "solna"), ["/placements/", "/providers/"], ["/admin/logg"]),
    (("finance", "solna"), ["/providers/", "/agreements/"], ["/placements/"]),
])
def test_the_navigation_follows_permissions(login_as, who, present, absent):
    html = login_as(who).get("/").get_data(as_text=True)
    nav = html[html.index('aria-label="Huvudmeny"'):html.index("</nav>")]
    assert 'aria-current="page"' in nav
    for path in present:
        assert f'href="{path}"' in nav
    for path in absent:
        assert f'href="{path}"' not in nav


def test_error_page_shows_the_incident_id_only_when_given(app):
    with app.test_request_context("/"):
        from flask import render_template

        html = render_template("errors/error.html", status=500, title="Ett fel uppstod",
                               message="Något gick fel.", incident="abc123def456")
        assert "Incident-id: abc123def456<" in html
        html = render_template("errors/error.html", status=404, title="Sidan finns inte",
                               message="Finns inte.", incident=None)
        assert "Incident-id" not in html
        assert 'lang="sv"' in html
