"""Every list page and its API twin (page 1 and a deep page), a provider page, the
comparisons, each dashboard and the cross-municipal statistics, timed with their SQL."""

from math import ceil

import pytest
from sqlalchemy import func, select

from registry.core.audit import AuditEvent
from registry.core.permissions import Permission
from registry.extensions import db
from registry.finance.models import Invoice, ReimbursementClaim
from registry.placements.models import Placement
from registry.providers.models import Provider
from registry.reports.catalogue import REPORTS
from tests.bench.conftest import FIGURES
from tests.bench.timing import Figure, captured_sql, reads, replay_runs, timed_runs

PER_PAGE = 50


def measure(bench, target, role, path, api=False):
    """Time GET `path` as `role` and the reads it ran; keep the figure."""
    client = bench.app.test_client() if api else bench.clients[role]
    headers = {"Authorization": f"Bearer {bench.tokens[role]}"} if api else {}

    def call():
        response = client.get(path, headers=headers)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        return response

    with captured_sql() as statements:
        call()
    figure = Figure(bench.database, target, timed_runs(call),
                    replay_runs(reads(statements)), len(statements), path)
    FIGURES.append(figure)
    return figure


def _pages(model, municipality_id=None):
    query = select(func.count()).select_from(model)
    if municipality_id is not None:
        query = query.where(model.municipality_id == municipality_id)
    return max(ceil((db.session.scalar(query) or 0) / PER_PAGE), 1)


def _busiest(model, column, municipality_id):
    """The id of the row of the own municipality with the most child rows."""
    return db.session.scalar(
        select(column).where(model.municipality_id == municipality_id).group_by(column)
        .order_by(func.count().desc()).limit(1))


def targets(bench):
    """Yield (name, role, path, api) for every page the issue names."""
    town = bench.ids["municipality"]
    placements = _pages(Placement, town)
    providers = _pages(Provider)
    yield "Placeringar, sida 1", "case_officer", "/placements/", False
    yield "Placeringar (alla), djup sida", "case_officer", \
        f"/placements/?state=&page={placements}", False
    yield "Mina placeringar", "case_officer", "/placements/mina", False
    yield "API placements, sida 1", "case_officer", "/api/v1/placements", True
    yield "API placements, djup sida", "case_officer", \
        f"/api/v1/placements?page={placements}", True
    busiest = _busiest(Invoice, Invoice.placement_id, town)
    yield "Placering (längst historik)", "case_officer", f"/placements/{busiest}", False
    yield "Bevakningar", "case_officer", "/alerts/", False
    yield "Utförare, sida 1", "purchaser", "/providers/", False
    yield "Utförare, djup sida", "purchaser", f"/providers/?page={providers}", False
    yield "API providers, sida 1", "purchaser", "/api/v1/providers", True
    yield "API providers, djup sida", "purchaser", f"/api/v1/providers?page={providers}", True
    yield "Avtal", "purchaser", "/agreements/", False
    yield "API agreements, sida 1", "purchaser", "/api/v1/agreements", True
    yield "API agreements, djup sida", "purchaser", "/api/v1/agreements?page=10", True
    yield "API price-items, sida 1", "purchaser", "/api/v1/price-items", True
    yield "API price-items, djup sida", "purchaser", "/api/v1/price-items?page=40", True
    provider = db.session.scalar(select(Placement.provider_id).group_by(
        Placement.provider_id).order_by(func.count().desc()).limit(1))
    yield "Utförarsida", "purchaser", f"/providers/{provider}", False
    yield "Kvalitet per utförare", "purchaser", f"/quality/providers/{provider}", False
    yield "Jämför kvalitet (/quality/compare)", "purchaser", "/quality/compare", False
    yield "Jämför utförare (/providers/compare)", "purchaser", "/providers/compare", False
    yield "Bedömningar", "purchaser", "/quality/assessments", False
    claims = _pages(ReimbursementClaim, town)
    invoices = _pages(Invoice, town)
    yield "Ekonomi, översikt", "finance", "/finance/", False
    yield "Återsökningar, sida 1", "finance", "/finance/claims", False
    yield "Återsökningar, djup sida", "finance", f"/finance/claims?page={claims}", False
    yield "API claims, sida 1", "finance", "/api/v1/claims", True
    yield "API claims, djup sida", "finance", f"/api/v1/claims?page={claims}", True
    yield "Fakturor, sida 1", "finance", "/finance/invoices", False
    yield "Fakturor, djup sida", "finance", f"/finance/invoices?page={invoices}", False
    yield "Ekonomi för en placering", "finance", f"/finance/placements/{busiest}", False
    yield "Budget", "finance", "/finance/budget", False
    for role in ("case_officer", "purchaser", "finance", "coordinator", "admin"):
        yield f"Startsida ({role})", role, "/", False
    yield "Statistik, katalog", "coordinator", "/statistik/", False
    for name, report in REPORTS.items():
        role = "coordinator" if report.permission == Permission.STATS_VIEW else "finance"
        yield f"Statistik: {name}", role, f"/statistik/{name}", False
    audit = _pages(AuditEvent)
    yield "Loggkontroll, sida 1", "admin", "/admin/logg", False
    yield "Loggkontroll, djup sida", "admin", f"/admin/logg?sida={audit}", False


def test_pages(bench):
    failures = []
    for name, role, path, api in targets(bench):
        try:
            measure(bench, name, role, path, api)
        except AssertionError as error:
            failures.append(str(error))
    if failures:
        pytest.fail("pages did not answer 200: " + "; ".join(failures))
