"""The audit log as an Excel or CSV file (formula-safe through core/exports.py).

The file holds what the Loggkontroll page shows: who, when (UTC), what, which record and
which fields changed, never the contents of the change.
"""

from registry.core.audit import AuditAction
from registry.core.exports import DATE_FORMAT, XLSX_MIME, csv_bytes, xlsx_bytes

FORMATS = {"xlsx", "csv"}
# Larger selections are refused with a request to narrow the filters (one file, in memory).
MAX_ROWS = 100_000
HEADERS = ["Tid (UTC)", "Användare", "Kommun", "Händelse", "Post", "Post-id",
           "Ändrade fält", "IP-adress", "Begäran"]
_TIME_FORMAT = DATE_FORMAT + " hh:mm:ss"


def _row(event, email, municipality_names):
    return [event.occurred_at, email, municipality_names.get(event.municipality_id),
            AuditAction.label_of(event.action), event.entity, event.entity_id,
            ", ".join(sorted((event.changes or {}).keys())), event.ip, event.request_id]


def audit_file(rows, fmt, municipality_names):
    """Return (bytes, mimetype) of the audit rows in `fmt` (xlsx or csv)."""
    cells = [_row(event, email, municipality_names) for event, email in rows]
    if fmt == "csv":
        return csv_bytes(HEADERS, cells), "text/csv; charset=utf-8"
    return xlsx_bytes(HEADERS, cells, "Logg", {0: _TIME_FORMAT}), XLSX_MIME
