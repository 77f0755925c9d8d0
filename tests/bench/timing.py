"""Time a request and, apart, the SQL it ran; collect the figures for the results table."""

import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import event

from registry.extensions import db

# Enough repeats for a p95 on a quiet target, fewer on a slow one (the machine is shared).
MIN_REPEATS = 5
TIME_BUDGET_S = 8.0


def repeats():
    import os

    return int(os.environ.get("BENCH_REPEATS", "20"))


@dataclass
class Figure:
    database: str
    target: str
    times_ms: list
    sql_ms: list | None = None
    queries: int | None = None
    note: str = ""
    goal_ms: float | None = 150.0

    @property
    def median(self):
        return statistics.median(self.times_ms)

    @property
    def p95(self):
        return percentile(self.times_ms, 95)

    @property
    def sql_median(self):
        return statistics.median(self.sql_ms) if self.sql_ms else None

    @property
    def ratio(self):
        sql = self.sql_median
        return self.median / sql if sql else None


def percentile(values, pct):
    """Return the nearest-rank percentile of `values`."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def timed_runs(action, budget=TIME_BUDGET_S, minimum=MIN_REPEATS, warm_up=True):
    """Run `action` (after one warm-up) until `repeats()` runs or the budget is spent (at
    least `minimum` runs); return the times in ms."""
    if warm_up:
        action()
    times, spent = [], 0.0
    while len(times) < repeats() and (len(times) < minimum or spent < budget):
        started = time.perf_counter()
        action()
        elapsed = time.perf_counter() - started
        times.append(elapsed * 1000)
        spent += elapsed
    return times


@contextmanager
def captured_sql():
    """Collect (statement, parameters) of every statement run inside the block."""
    statements = []

    def keep(_conn, _cursor, statement, parameters, _context, executemany):
        statements.append((statement, parameters, executemany))

    engine = db.engine
    event.listen(engine, "before_cursor_execute", keep)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", keep)


def reads(statements):
    """Keep the statements that only read (the audit insert and commit are left out)."""
    return [(s, p) for s, p, many in statements
            if not many and s.lstrip().upper().startswith(("SELECT", "WITH"))]


def replay_runs(statements, budget=TIME_BUDGET_S):
    """Time the read statements alone on a raw driver connection, as many times as a page."""
    connection = db.engine.raw_connection()
    try:
        def run_all():
            cursor = connection.cursor()
            for statement, parameters in statements:
                cursor.execute(statement, parameters)
                cursor.fetchall()
            cursor.close()

        return timed_runs(run_all, budget)
    finally:
        connection.rollback()
        connection.close()
