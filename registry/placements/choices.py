"""The coded values of case data and their Swedish labels."""

from enum import StrEnum


class SupportCategory(StrEnum):
    POLICE_DEFECTOR = "police_defector"
    LEAVING_WITH_PROTECTION = "leaving_with_protection"
    LEAVING_AT_HOME = "leaving_at_home"
    YOUTH = "youth"


SUPPORT_CATEGORY_LABELS = {
    SupportCategory.POLICE_DEFECTOR: "Avhopparstöd (polisens kriterier uppfyllda)",
    SupportCategory.LEAVING_WITH_PROTECTION: "Lämna kriminell livsstil, med skyddsbehov",
    SupportCategory.LEAVING_AT_HOME: "Lämna kriminell livsstil, på hemmaplan",
    SupportCategory.YOUTH: "Ungdom som riskerar eller vill lämna kriminell livsstil",
}


class AgeBand(StrEnum):
    UNDER_18 = "under_18"
    AGE_18_20 = "18_20"
    AGE_21_25 = "21_25"
    AGE_26_PLUS = "26_plus"


AGE_BAND_LABELS = {AgeBand.UNDER_18: "Under 18 år", AgeBand.AGE_18_20: "18–20 år",
                   AgeBand.AGE_21_25: "21–25 år", AgeBand.AGE_26_PLUS: "26 år eller äldre"}


class EndReason(StrEnum):
    COMPLETED = "completed_as_planned"
    CLIENT_ENDED = "client_ended"
    RELAPSE_CRIME = "relapse_crime"
    RELAPSE_SUBSTANCE = "relapse_substance"
    MOVED = "moved"
    AFTER_DEVIATION = "ended_after_deviation"
    OTHER = "other"


END_REASON_LABELS = {
    EndReason.COMPLETED: "Avslutad enligt plan",
    EndReason.CLIENT_ENDED: "Klienten avbröt",
    EndReason.RELAPSE_CRIME: "Återfall i kriminalitet",
    EndReason.RELAPSE_SUBSTANCE: "Återfall i missbruk",
    EndReason.MOVED: "Flyttat från kommunen",
    EndReason.AFTER_DEVIATION: "Avslutad efter avvikelse",
    EndReason.OTHER: "Annat",
}


class ReportSource(StrEnum):
    PROVIDER = "provider"
    POLICE = "police"


REPORT_SOURCE_LABELS = {ReportSource.PROVIDER: "Utförare", ReportSource.POLICE: "Polis"}


class Participation(StrEnum):
    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"


PARTICIPATION_LABELS = {Participation.FULL: "Deltar fullt ut",
                        Participation.PARTIAL: "Deltar delvis",
                        Participation.NONE: "Deltar inte"}


class ReportDecision(StrEnum):
    CONTINUE = "continue"
    MEETING = "meeting_needed"
    END = "end"


GOAL_PROGRESS_LABELS = {0: "0 – inga framsteg", 1: "1 – små framsteg",
                        2: "2 – tydliga framsteg", 3: "3 – målen i stort sett nådda"}

REPORT_DECISION_LABELS = {ReportDecision.CONTINUE: "Fortsätt",
                          ReportDecision.MEETING: "Möte behövs",
                          ReportDecision.END: "Avsluta"}


class DeviationKind(StrEnum):
    NEW_CRIME = "new_crime"
    SUBSTANCE_RELAPSE = "substance_relapse"
    NON_PARTICIPATION = "non_participation"
    THREAT_INCIDENT = "threat_incident"
    ABSCONDING = "absconding"
    OTHER = "other"


DEVIATION_KIND_LABELS = {
    DeviationKind.NEW_CRIME: "Nytt brott",
    DeviationKind.SUBSTANCE_RELAPSE: "Återfall i missbruk",
    DeviationKind.NON_PARTICIPATION: "Medverkar inte i behandling",
    DeviationKind.THREAT_INCIDENT: "Hothändelse",
    DeviationKind.ABSCONDING: "Avvikit från placeringen",
    DeviationKind.OTHER: "Annat",
}


class Reporter(StrEnum):
    PROVIDER = "provider"
    POLICE = "police"
    MUNICIPALITY = "municipality"
    CLIENT = "client"


REPORTER_LABELS = {Reporter.PROVIDER: "Utförare", Reporter.POLICE: "Polis",
                   Reporter.MUNICIPALITY: "Kommunen", Reporter.CLIENT: "Klienten"}


class DeviationDecision(StrEnum):
    CONTINUE = "continue"
    END = "end"


DEVIATION_DECISION_LABELS = {DeviationDecision.CONTINUE: "Placeringen fortsätter",
                             DeviationDecision.END: "Placeringen avslutas"}

# The police-criteria block (domain.md §4.2): each a date column on Placement.
POLICE_CRITERIA = {
    "police_definition_on": "Polisen bedömer att personen uppfyller definitionen",
    "motivated_on": "Personen är motiverad",
    "protection_need_on": "Skyddsbehov finns",
    "consent_on": "Samtycke till informationsutbyte undertecknat",
    "conditions_agreement_on": "Överenskommelse om villkor undertecknad",
}
