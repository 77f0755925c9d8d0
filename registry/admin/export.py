"""The audit log as an Excel or CSV file (formula-safe through core/exports.py).

The file holds what the Loggkontroll page shows, one line per changed field (an event
without changes is one line): when in Swedish time, who by name, role and municipality,
what in Swedish, the case reference, and each field's value before and after the change;
free text only as "ändrad", never its contents.
"""

from registry.admin.audit_rows import present
from registry.core.exports import DATE_FORMAT, XLSX_MIME, csv_bytes, xlsx_bytes

FORMATS = {"xlsx", "csv"}
# Larger selections are refused with a request to narrow the filters (one file, in memory).
MAX_ROWS = 100_000
SHEET = "Loggkontroll"
HEADERS = ["Tid (svensk tid)", "Användare", "E-post", "Roll och kommun", "Kommun", "Händelse",
           "Post", "Post-id", "Ärendereferens", "Fält", "Före", "Efter", "IP-adress",
           "Begäran"]
_TIME_FORMAT = DATE_FORMAT + " hh:mm:ss"
_BATCH = 2_000  # events presented at a time (one user and case-reference lookup per batch)


def _lines(row):
    head = [row.time, row.user, row.email, row.role, row.municipality, row.action, row.entity,
            row.entity_id, row.case_reference]
    tail = [row.ip, row.request_id]
    if not row.changes:
        return [[*head, "", "", "", *tail]]
    return [[*head, change.label, change.before, change.after, *tail]
            for change in row.changes]


def _cells(events):
    for start in range(0, len(events), _BATCH):
        for row in present(events[start:start + _BATCH]):
            yield from _lines(row)


def audit_file(events, fmt):
    """Return (bytes, mimetype) of the audit events in `fmt` (xlsx or csv)."""
    cells = _cells(events)
    if fmt == "csv":
        return csv_bytes(HEADERS, cells), "text/csv; charset=utf-8"
    return xlsx_bytes(HEADERS, cells, SHEET, {0: _TIME_FORMAT}), XLSX_MIME
