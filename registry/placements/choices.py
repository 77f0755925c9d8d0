"""The coded values of case data and their Swedish labels."""

from registry.core.enums import LabelledEnum, LabelledIntEnum


class SupportCategory(LabelledEnum):
    POLICE_DEFECTOR = "police_defector", "Avhopparstöd (polisens kriterier uppfyllda)"
    LEAVING_WITH_PROTECTION = "leaving_with_protection", "Lämna kriminell livsstil, med skyddsbehov"
    LEAVING_AT_HOME = "leaving_at_home", "Lämna kriminell livsstil, på hemmaplan"
    YOUTH = "youth", "Ungdom som riskerar eller vill lämna kriminell livsstil"


class AgeBand(LabelledEnum):
    UNDER_18 = "under_18", "Under 18 år"
    AGE_18_20 = "18_20", "18–20 år"
    AGE_21_25 = "21_25", "21–25 år"
    AGE_26_PLUS = "26_plus", "26 år eller äldre"


class EndReason(LabelledEnum):
    COMPLETED = "completed_as_planned", "Avslutad enligt plan"
    CLIENT_ENDED = "client_ended", "Klienten avbröt"
    RELAPSE_CRIME = "relapse_crime", "Återfall i kriminalitet"
    RELAPSE_SUBSTANCE = "relapse_substance", "Återfall i missbruk"
    MOVED = "moved", "Flyttat från kommunen"
    AFTER_DEVIATION = "ended_after_deviation", "Avslutad efter avvikelse"
    OTHER = "other", "Annat"


class ReportSource(LabelledEnum):
    PROVIDER = "provider", "Utförare"
    POLICE = "police", "Polis"


class Participation(LabelledEnum):
    FULL = "full", "Deltar fullt ut"
    PARTIAL = "partial", "Deltar delvis"
    NONE = "none", "Deltar inte"


class ReportDecision(LabelledEnum):
    CONTINUE = "continue", "Fortsätt"
    MEETING = "meeting_needed", "Möte behövs"
    END = "end", "Avsluta"


class GoalProgress(LabelledIntEnum):
    NONE = 0, "0 – inga framsteg"
    SMALL = 1, "1 – små framsteg"
    CLEAR = 2, "2 – tydliga framsteg"
    REACHED = 3, "3 – målen i stort sett nådda"


class DeviationKind(LabelledEnum):
    NEW_CRIME = "new_crime", "Nytt brott"
    SUBSTANCE_RELAPSE = "substance_relapse", "Återfall i missbruk"
    NON_PARTICIPATION = "non_participation", "Medverkar inte i behandling"
    THREAT_INCIDENT = "threat_incident", "Hothändelse"
    ABSCONDING = "absconding", "Avvikit från placeringen"
    OTHER = "other", "Annat"


class Reporter(LabelledEnum):
    PROVIDER = "provider", "Utförare"
    POLICE = "police", "Polis"
    MUNICIPALITY = "municipality", "Kommunen"
    CLIENT = "client", "Klienten"


class DeviationDecision(LabelledEnum):
    CONTINUE = "continue", "Placeringen fortsätter"
    END = "end", "Placeringen avslutas"


# The police-criteria block (domain.md §4.2): each a date column on Placement.
POLICE_CRITERIA = {
    "police_definition_on": "Polisen bedömer att personen uppfyller definitionen",
    "motivated_on": "Personen är motiverad",
    "protection_need_on": "Skyddsbehov finns",
    "consent_on": "Samtycke till informationsutbyte undertecknat",
    "conditions_agreement_on": "Överenskommelse om villkor undertecknad",
}
