"""The agreements list pages its rows and works out status and spend for one page only."""

import re
from datetime import date, timedelta

from registry.agreements.queries import PAGE_SIZE
from registry.core.dates import today
from registry.extensions import db
from tests import factories
from tests.conftest import counted

PURCHASER = ("purchaser", "solna")


def _agreements(prefix, count, placements=False, start=date(2026, 1, 1), **values):
    """Add `count` agreements titled "<prefix> NNN", the first starting latest."""
    made = []
    for n in range(count):
        agreement = factories.agreement(title=f"{prefix} {n:03d}",
                                        start_date=start - timedelta(days=n), **values)
        if placements:
            factories.placement(municipality_=agreement.lead_municipality,
                                agreement_=agreement, start_date=date(2026, 2, 1))
        made.append(agreement)
    db.session.commit()
    return made


def _titles(html, prefix):
    return re.findall(rf"{prefix} \d{{3}}", html)


def test_list_shows_one_page_and_the_next_page_the_rest(login_as):
    _agreements("Sidavtal", PAGE_SIZE + 5)
    client = login_as(PURCHASER)
    first = client.get("/agreements/?q=Sidavtal").get_data(as_text=True)
    second = client.get("/agreements/?q=Sidavtal&page=2").get_data(as_text=True)
    assert _titles(first, "Sidavtal") == [f"Sidavtal {n:03d}" for n in range(PAGE_SIZE)]
    assert _titles(second, "Sidavtal") == [f"Sidavtal {n:03d}" for n in range(PAGE_SIZE, 30)]
    assert "Sida 1 av 2 (30 avtal)" in first
    assert "30 avtal</caption>" in second
    assert 'href="/agreements/?q=Sidavtal&amp;page=2" rel="next"' in first


def test_status_filter_counts_and_pages_by_derived_status(login_as):
    on = today()
    _agreements("Upphort", PAGE_SIZE + 2, start=on - timedelta(days=900),
                end_date=on - timedelta(days=30))
    _agreements("Pagaende", 3, end_date=on + timedelta(days=300))
    client = login_as(PURCHASER)
    expired = client.get("/agreements/?q=Upphort&status=expired&page=2").get_data(as_text=True)
    assert len(_titles(expired, "Upphort")) == 2
    assert f"Sida 2 av 2 ({PAGE_SIZE + 2} avtal)" in expired
    active = client.get("/agreements/?status=expired&q=Pagaende").get_data(as_text=True)
    assert "Inga avtal matchar sökningen." in active


def test_statement_count_does_not_grow_with_the_number_of_agreements(login_as):
    _agreements("Fatal", 3, placements=True)
    _agreements("Mangal", 2 * PAGE_SIZE, placements=True)
    client = login_as(PURCHASER)
    counts = {}
    for prefix in ("Fatal", "Mangal"):
        for query in (f"q={prefix}", f"q={prefix}&status=active"):
            client.get(f"/agreements/?{query}")  # warm-up
            with counted() as statements:
                html = client.get(f"/agreements/?{query}").get_data(as_text=True)
            assert _titles(html, prefix)
            counts[prefix, "status" in query] = len(statements)
    assert counts["Fatal", False] == counts["Mangal", False]
    assert counts["Fatal", True] == counts["Mangal", True]
