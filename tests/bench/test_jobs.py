"""The full alert run and an Excel export of 100,000 rows (time and peak memory)."""

import time
import tracemalloc

from sqlalchemy import select

from registry.alerts.jobs import run_alerts
from registry.core.exports import DATE_FORMAT, KR_FORMAT, xlsx_bytes
from registry.extensions import db
from registry.placements.models import Placement
from registry.providers.models import Provider, ServiceType
from tests.bench.conftest import FIGURES
from tests.bench.data import AS_OF
from tests.bench.timing import Figure, captured_sql, reads, replay_runs, timed_runs

EXPORT_ROWS = 100_000
HEADERS = ("Ärendereferens", "Stödkategori", "Åldersgrupp", "Insats", "Utförare", "Start",
           "Första periodens slut", "Planerat slut", "Slutdatum", "Avslutsorsak",
           "Pris vid start (kr)")
FORMATS = {5: DATE_FORMAT, 6: DATE_FORMAT, 7: DATE_FORMAT, 8: DATE_FORMAT, 10: KR_FORMAT}


def test_alert_run(bench):
    """The morning run: first over the generated state, then a second (steady) run."""
    times = []
    for _ in range(2):
        started = time.perf_counter()
        run = run_alerts(AS_OF)
        times.append((time.perf_counter() - started) * 1000)
        assert run.status == "succeeded", run.error
    FIGURES.append(Figure(bench.database, "Full bevakningskörning, första", times[:1],
                          goal_ms=10_000, note=f"as of {AS_OF}"))
    FIGURES.append(Figure(bench.database, "Full bevakningskörning, andra", times[1:],
                          goal_ms=10_000))


def _export_rows():
    query = select(Placement.case_reference, Placement.support_category, Placement.age_band,
                   ServiceType.name, Provider.legal_name, Placement.start_date,
                   Placement.initial_period_end, Placement.planned_end, Placement.end_date,
                   Placement.end_reason, Placement.daily_rate_ore / 100).join(
        ServiceType, ServiceType.id == Placement.service_type_id).join(
        Provider, Provider.id == Placement.provider_id).order_by(
        Placement.start_date.desc(), Placement.id.desc()).limit(EXPORT_ROWS)
    # Streamed in chunks: the ORM would otherwise buffer every row before the first is written.
    return db.session.execute(query.execution_options(yield_per=2000))


def _export():
    return xlsx_bytes(HEADERS, _export_rows(), "Placeringar", FORMATS)


def test_excel_export(bench):
    """Read up to 100,000 rows and write them as .xlsx through the app's one writer."""
    with captured_sql() as statements:
        content = _export()
    assert content[:2] == b"PK"
    times = timed_runs(_export, budget=30, minimum=3, warm_up=False)
    sql = replay_runs(reads(statements), budget=10)
    tracemalloc.start()
    _export()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rows = db.session.scalar(select(db.func.count()).select_from(Placement))
    FIGURES.append(Figure(bench.database, f"Excel-export, {min(rows, EXPORT_ROWS)} rader",
                          times, sql, len(statements), goal_ms=15_000,
                          note=f"peak Python memory {peak / 2**20:.0f} MiB, "
                               f"file {len(content) / 2**20:.1f} MiB"))


def test_placement_export_view(bench):
    """The largest municipality's placement export through its view (due items included)."""
    client = bench.clients["case_officer"]

    def call():
        response = client.get("/placements/export?state=&format=xlsx")
        assert response.status_code == 200
        return response

    with captured_sql() as statements:
        call()
    FIGURES.append(Figure(bench.database, "Placeringar, export (alla, egen kommun)",
                          timed_runs(call, budget=30, minimum=3), replay_runs(reads(statements)),
                          len(statements), goal_ms=15_000))
