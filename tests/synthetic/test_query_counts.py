"""The number of SQL statements per page does not grow with the data (no N+1).

The same pages are read on a generated data set and on one three times larger, as the
municipality's users; each page must run exactly as many statements on both. Both sets fill
more than one page of every list (a list that fits one page skips its count query).
"""

import pytest

from tests.conftest import counted
from tests.synthetic.conftest import generated_app, small
from tests.synthetic.pages import API_LISTS, PAGES, largest_municipality_slug, signed_in

pytestmark = pytest.mark.no_db


def statements_per_page(app):
    """Return {(role, path): statements of its second read} (the first warms caches)."""
    found = {}
    with app.app_context():
        slug = largest_municipality_slug()
        for role, path in PAGES + API_LISTS:
            client, headers = signed_in(app, role, slug)
            if path.startswith("/api/"):
                client = app.test_client()
            assert client.get(path, headers=headers).status_code == 200, path
            with counted() as statements:
                assert client.get(path, headers=headers).status_code == 200, path
            found[(role, path)] = len(statements)
    return found


def test_statements_per_page_stay_the_same_with_three_times_the_data(tmp_path):
    sizes = {}
    for label, placements, providers in (("small", 240, 60), ("large", 720, 180)):
        scale = small(placements=placements, providers=providers, municipalities=1,
                      audit_events=200)
        with generated_app(tmp_path, scale) as (app, _counts):
            sizes[label] = statements_per_page(app)
    grown = {page: (sizes["small"][page], sizes["large"][page]) for page in sizes["small"]
             if sizes["large"][page] != sizes["small"][page]}
    assert grown == {}, f"statements grew with the data (small, large): {grown}"
