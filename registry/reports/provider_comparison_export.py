"""The provider comparison as an Excel file: the same rows as the page, formula-safe."""

from registry.core.exports import DATE_FORMAT, KR_FORMAT, xlsx_bytes
from registry.core.money import kronor
from registry.providers.models import ProviderStatus
from registry.providers.status import PermitStatus

HEADERS = ["Utförare", "Organisationsnummer", "Status", "IVO-tillstånd",
           "Pris på egna avtal (kr)", "Egna avtal", "Lägsta pris på andra avtal (kr)",
           "Andra avtal", "Kvalitetspoäng", "Resultat", "Bedömd", "Giltig till", "Varning",
           "Placeringar totalt (andra kommuners avrundade)",
           "Avslutade enligt plan (andra kommuners avrundade)"]
FORMATS = {4: KR_FORMAT, 6: KR_FORMAT, 10: DATE_FORMAT, 11: DATE_FORMAT}


def _kronor(item):
    return kronor(item.price_ore) if item is not None else None


def _standing_cells(standing):
    if standing is None:
        return [None, "Ingen bedömning", None, None, None]
    return [round(standing.score, 1), "Godkänd" if standing.passed else "Underkänd",
            standing.assessed_on, standing.valid_until, "Ja" if standing.warning else "Nej"]


def row_cells(row):
    """Return one comparison row as spreadsheet cells."""
    return [row.provider.legal_name, row.provider.org_number, ProviderStatus(row.status).label,
            PermitStatus(row.permit).label, _kronor(row.own_price),
            ", ".join(a.reference for a in row.own_agreements), _kronor(row.other_price),
            ", ".join(a.reference for a in row.other_agreements),
            *_standing_cells(row.standing), row.outcomes.total, row.outcomes.completed]


def comparison_xlsx(rows, service_type):
    """Return the comparison for a service type as .xlsx bytes."""
    return xlsx_bytes(HEADERS, [row_cells(row) for row in rows],
                      sheet_title=f"Jämförelse {service_type.name}", number_formats=FORMATS)
