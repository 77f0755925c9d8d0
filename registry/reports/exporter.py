"""Write a presented report as Excel or CSV; the protection on the page is in the file, and
so is the note that says how the figures are protected (a last row)."""

from registry.core import audit
from registry.core.exports import download, frame_file

FORMATS = ("xlsx", "csv")


def filename(report, filters, extension):
    """Return e.g. 'placeringar-per-insatstyp-2026-H1.xlsx' (the period's key)."""
    return f"{report.name}-{filters.period.key}.{extension}"


def export_file(report, presented, filters, fmt):
    """Return (bytes, mimetype, filename) of the presented report in `fmt`."""
    content, mimetype, extension = frame_file(
        presented.frame(), fmt, report.title, money=report.money, dates=report.dates)
    return content, mimetype, filename(report, filters, extension)


def send(report, presented, filters, fmt):
    """Return the download response, audited as an export (the view commits)."""
    content, mimetype, name = export_file(report, presented, filters, fmt)
    audit.record("export", entity="report", changes={
        "report": report.name, "file": name, "rows": len(presented.rows)})
    return download(content, name, mimetype)
