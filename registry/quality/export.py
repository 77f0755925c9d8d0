"""The comparison as an Excel workbook (formula-safe through core/exports.py).

Sheet one is the matrix with the outcome rows; sheet two the numbers of the score-over-time
charts.
"""

import io

from openpyxl import load_workbook
from openpyxl.styles import Font

from registry.core.exports import (
    DATE_FORMAT,
    XLSX_MIME,
    download,
    safe_cell,
    sheet_name,
    xlsx_bytes,
)
from registry.quality.scoring import AnswerType

FIXED_HEADERS = ["Kod", "Avsnitt", "Indikator", "Svarstyp", "Vikt", "Kritisk"]
HISTORY_HEADERS = ["Utförare", "Bedömd", "Av kommun", "Checklistans version", "Poäng",
                   "Godkänd", "Nivå"]


def comparison_rows(template, columns):
    """Return (headers, rows): summary rows, one row per indicator, then outcome rows."""
    headers = FIXED_HEADERS + [c.provider.legal_name for c in columns]
    blank = [""] * (len(FIXED_HEADERS) - 1)
    rows = [[label, *blank, *(value(c) for c in columns)] for label, value in _summary()]
    for indicator in template.indicators:
        rows.append([indicator.code, indicator.section, indicator.text,
                     AnswerType.label_of(indicator.answer_type),
                     indicator.weight, "Ja" if indicator.critical else "Nej",
                     *(_cell(c, indicator) for c in columns)])
    rows += [[label, *blank, *(value(c) for c in columns)] for label, value in _outcomes()]
    return headers, rows


def comparison_download(template, columns, day):
    """Return the download response of the comparison workbook."""
    headers, rows = comparison_rows(template, columns)
    content = _with_history(xlsx_bytes(headers, rows, sheet_title="Jämförelse"), columns)
    name = f"kvalitetsjamforelse-{template.family}-v{template.version_number}-{day}.xlsx"
    return download(content, name, XLSX_MIME)


def history_rows(columns):
    """Return the rows of the score-over-time sheet, provider by provider, oldest first."""
    return [[c.provider.legal_name, h.day, h.municipality, h.version, h.score,
             "Ja" if h.passed else "Nej", h.band] for c in columns for h in c.history]


def _with_history(content, columns):
    """Add the score-over-time sheet to a workbook made by xlsx_bytes."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.create_sheet(sheet_name("Poäng över tid"))
    sheet.append(HISTORY_HEADERS)
    for row in history_rows(columns):
        sheet.append([safe_cell(value) for value in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet["B"][1:]:
        cell.number_format = DATE_FORMAT
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(column, indicator):
    text = column.cell(indicator)
    if text and indicator.code in column.failed_critical:
        return f"{text} (kritisk, ej uppfylld)"
    return text


def _assessed(attribute, shown=lambda v: v):
    def value(column):
        a = column.assessment
        return "Ingen bedömning" if a is None else shown(getattr(a, attribute))
    return value


def _summary():
    return [
        ("Poäng (0–100)", _assessed("score")),
        ("Resultat", _assessed("passed", lambda p: "Godkänd" if p else "Underkänd")),
        ("Nivå", _assessed("band")),
        ("Bedömd", _assessed("assessed_on")),
        ("Bedömd av kommun", lambda c: c.assessment.municipality.name if c.assessment else ""),
        ("Giltig till och med", _assessed("valid_until")),
        ("Varning", lambda c: _warning_text(c.standing)),
    ]


def _warning_text(standing):
    if standing is None:
        return "Ingen genomförd bedömning"
    if not standing.passed:
        return "Underkänd i senaste bedömningen"
    if standing.lowest_band:
        return "Lägsta nivån i senaste bedömningen"
    return ""


def _outcome(attribute, fmt=str):
    def value(column):
        outcome = column.outcome
        if outcome is None or not outcome.shown:
            return outcome.hidden_reason if outcome else ""
        result = getattr(outcome, attribute)
        if result is None:
            return "–" if outcome.rates_shown else outcome.rates_reason
        return fmt(result)
    return value


def _outcomes():
    return [
        ("Utfall: avslutade enligt plan", _outcome("ended_planned")),
        ("Utfall: avslutade av andra skäl", _outcome("ended_other")),
        ("Utfall: avvikelser per 100 placeringsdygn", _outcome("deviations_per_100_days")),
        ("Utfall: månadsrapporter i tid (%)", _outcome("reports_on_time_percent")),
    ]
