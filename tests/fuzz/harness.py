"""Find the forms a user can reach, fill them with hostile values, and count rows around a post.

The forms are found the way a person finds them: by following the links of the pages the
user sees (`reachable_forms`). Values come from `form_values`, a Hypothesis strategy that
mixes what the page offers (the options of a select, the current value) with input nobody
should send: NUL bytes, huge numbers, impossible dates, text in the wrong script, negative
money, and fields left out altogether.
"""

from datetime import date

from hypothesis import strategies as st
from sqlalchemy import func, select

from registry.extensions import db
from tests.fuzz.forms_html import parse

# Links a crawl never follows: they end the session, download files or leave the pages.
SKIP_LINK = ("/logout", "/static/", "/api/", "/export", ".xlsx", ".csv", ".pdf", "/ladda",
             "/download", "format=", "/oppna-data", "/open-data")

# Query strings a crawl follows (other queries sort or filter a page it has already seen).
FOLLOW_QUERY = ("?visa=",)

# Tables a refused post may still write to: the audit trail of what was tried.
WRITE_ON_REFUSAL = {"audit_events", "login_failures", "address_failures"}

HOSTILE_TEXT = [
    "", " ", "\x00", "a\x00b", "\r\n", "\t", "0", "-1", "-0", "1e309", "NaN", "Infinity",
    "9" * 40, "-" + "9" * 40, "2147483648", "-2147483649", "9223372036854775808",
    "4.500,50", "\u22124 500", "4\u00a0500,50 kr", "−", "0,001", ",", "1 000 000 000 000 000",
    "2026-02-30", "2026-13-01", "0000-00-00", "0001-01-01", "9999-12-31", "1899-12-31",
    "22/11/2026", "2026-11-22T10:00", "20261122", "idag",
    "<script>alert(1)</script>", "'; DROP TABLE placements; --", "%s%s%n", "{{7*7}}",
    "../../etc/passwd", "=HYPERLINK(\"http://x\",\"y\")", "x" * 5000, "å" * 300,
    "\U0001f600" * 50, "\u202e\u0645\u0631\u062d\u0628\u0627", "\ud7ff\ufffd",
    "19850709-9805", "Klient 850709-9805", "a@b", "@", "x\nFAKE ENTRY",
]


def hostile():
    """Strategy: one hostile string."""
    big = st.integers(min_value=-(10**30), max_value=10**30).map(str)
    dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(
        date.isoformat)
    return st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=60), big, dates)


def plausible(item):
    """Strategy: a value of the kind the field expects (which may still break a rule)."""
    if item.kind == "date":
        return st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)).map(
            date.isoformat)
    if item.kind == "number":
        return st.integers(min_value=-100, max_value=400).map(str)
    if item.kind == "email":
        return st.sampled_from(["ny.person@demo.invalid", "x@y.z", "fel"])
    money = st.integers(min_value=-10**7, max_value=10**15).map(
        lambda ore: f"{ore // 100:,}".replace(",", " ") + ("" if ore % 100 == 0 else ",50"))
    return st.one_of(money, st.text(min_size=1, max_size=30))


def usual_value(item):
    """Strategy: what a person filling the form in might send for one field."""
    if item.name == "csrf_token" or item.kind == "hidden":
        return st.just(item.value)
    choices = [st.just(item.value)] if item.value else []
    if item.options:
        if item.multiple:
            choices.append(st.lists(st.sampled_from(item.options), max_size=3, unique=True))
        else:
            choices.append(st.sampled_from(item.options))
    if item.kind not in ("checkbox", "radio", "select", "button"):
        choices.append(plausible(item))
    return st.one_of(*choices) if choices else st.just("")


@st.composite
def form_values(draw, form):
    """Strategy: the data posted for `form`.

    Most fields get a usual value and one to three get a hostile one, so the hostile value
    reaches the code behind the form's own checks; now and then a field is left out.
    """
    names = [name for name, item in form.fields.items()
             if item.kind != "file" and name != "csrf_token"]
    data = {"csrf_token": form.fields["csrf_token"].value} if "csrf_token" in form.fields else {}
    for name in names:
        data[name] = draw(usual_value(form.fields[name]))
    if names:
        for name in draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True)):
            data[name] = draw(hostile())
        if draw(st.integers(0, 9)) == 0:
            data.pop(draw(st.sampled_from(names)), None)
    return data


def reachable_forms(client, start_pages, limit=250, within="/"):
    """Follow links from `start_pages`; return {action path: (page path, [Form, ...])}.

    A link with a query is followed when its path is new or the query is in FOLLOW_QUERY
    (sorting and filtering links of a page already seen are not); only paths starting with
    `within` are followed. The first page a form is seen on is the one it is fetched from.
    """
    seen, bare, queue, forms = set(), set(), list(start_pages), {}
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen or any(skip in path for skip in SKIP_LINK):
            continue
        seen.add(path)
        bare.add(path.split("?")[0])
        response = client.get(path, follow_redirects=True)
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        path = _final_path(response)
        page_forms, links = parse(path, response.get_data(as_text=True))
        on_page = {}
        for form in page_forms:
            on_page.setdefault(form.action.split("?")[0], []).append(form)
        for action, listed in on_page.items():
            forms.setdefault(action, (path, listed))
        queue.extend(link for link in links
                     if link.startswith(within) and _worth(link, seen, bare))
    return forms


def _final_path(response):
    """Return the path (and query) of the page a response shows, after redirects."""
    query = response.request.query_string.decode()
    return response.request.path + (f"?{query}" if query else "")


def _worth(link, seen, bare):
    if link in seen:
        return False
    return "?" not in link or link.split("?")[0] not in bare or any(
        query in link for query in FOLLOW_QUERY)


def current_forms(client, page, endpoint_of):
    """Fetch `page` again and return {endpoint: [Form, ...]} of the forms it shows now."""
    response = client.get(page, follow_redirects=True)
    if response.status_code != 200:
        return {}
    forms, _links = parse(_final_path(response), response.get_data(as_text=True))
    found = {}
    for form in forms:
        found.setdefault(endpoint_of(form.action.split("?")[0]), []).append(form)
    return found


def refreshed(values, original, current):
    """Return `values` with the token and the kept hidden values as the page shows them now.

    The values were drawn from the form as first seen; a record changed by an earlier
    example has a new version, and a test client's CSRF token may change.
    """
    same = [form for form in current if set(form.fields) == set(original.fields)]
    if not same:
        return values, original.action
    fresh = same[0]
    values = dict(values)
    for name, item in original.fields.items():
        if item.kind == "hidden" and values.get(name) == item.value:
            values[name] = fresh.fields[name].value
    return values, fresh.action


def offered_values(form, overrides=None):
    """Return what a person who accepts every default would post."""
    values = {}
    for item in form.fields.values():
        if item.kind in ("file", "checkbox", "button"):
            continue
        choices = [option for option in item.options if option]
        values[item.name] = item.value or (choices[0] if choices else "")
    return {**values, **(overrides or {})}


def refused(response):
    """Return True when the answer says nothing was saved: an error status or error summary."""
    if response.status_code >= 400:
        return True
    return response.status_code == 200 and 'class="error-summary"' in response.get_data(
        as_text=True)


def row_counts():
    """Return {table: rows} for every table except those a refusal may write to (one query)."""
    tables = [table for table in db.metadata.sorted_tables
              if table.name not in WRITE_ON_REFUSAL]
    counts = select(*(select(func.count()).select_from(table).scalar_subquery().label(
        table.name) for table in tables))
    return dict(db.session.execute(counts).one()._mapping)
