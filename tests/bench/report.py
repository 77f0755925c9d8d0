"""The results table (markdown), written to test-output/bench/results.md and printed."""

import os

HEADER = ("| database | target | n | median ms | p95 ms | SQL alone median ms | ratio | "
          "queries | goal |")
RULE = "|---|---|---:|---:|---:|---:|---:|---:|---|"
RATIO_GOAL = 3.0


def _cell(value, digits=1):
    return "–" if value is None else f"{value:.{digits}f}"


def verdict(figure):
    """Return 'met' or what was missed, against the goal of the figure's kind."""
    misses = []
    if figure.goal_ms is not None and figure.p95 >= figure.goal_ms:
        misses.append(f"p95 ≥ {figure.goal_ms:.0f} ms")
    if figure.sql_ms and figure.goal_ms == 150.0 and figure.ratio > RATIO_GOAL:
        misses.append(f"> {RATIO_GOAL:.0f}× SQL")
    return "met" if not misses else "NOT met: " + ", ".join(misses)


def row(figure):
    target = figure.target + (f" ({figure.note})" if figure.note else "")
    return (f"| {figure.database} | {target} | {len(figure.times_ms)} | "
            f"{_cell(figure.median)} | {_cell(figure.p95)} | {_cell(figure.sql_median)} | "
            f"{_cell(figure.ratio)} | {figure.queries if figure.queries is not None else '–'}"
            f" | {verdict(figure)} |")


def write_results(figures, scale, machine, when, path):
    lines = [
        f"# Benchmark results ({when:%Y-%m-%d %H:%M})",
        "",
        f"Scale: {scale.placements} placements, {scale.municipalities} municipalities, "
        f"{scale.providers} providers, {scale.audit_events} audit events, seed {scale.seed}, "
        f"as of {scale.as_of}. Machine: {machine}, {os.cpu_count()} cores. "
        "Times are server-side (Flask test client, in process); 'SQL alone' replays the "
        "read statements the request ran on a raw driver connection; ratio = median / SQL "
        "median. Goals: pages and API lists p95 < 150 ms and ≤ 3× SQL; alert run < 10 s; "
        "export of 100,000 rows < 15 s.",
        "",
        HEADER,
        RULE,
        *(row(f) for f in figures),
        "",
    ]
    text = "\n".join(lines)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text
