"""Alert thresholds from the settings (pure: no app or database imports)."""

from dataclasses import dataclass


class ThresholdError(ValueError):
    """A stage list in the settings that cannot be used."""


def parse_stages(text):
    """Parse '180,90,30' into distinct positive whole numbers, least urgent first."""
    try:
        stages = [int(part) for part in str(text).split(",") if part.strip()]
    except ValueError as exc:
        raise ThresholdError("write whole numbers separated by commas, e.g. 180,90,30") from exc
    if not stages or any(stage < 1 for stage in stages) or len(set(stages)) != len(stages):
        raise ThresholdError("needs one or more distinct whole numbers of at least 1")
    return stages


@dataclass(frozen=True)
class Thresholds:
    """The numbers the rules compare against; built once per run from the settings."""

    assessment_days: int = 30
    agreement_days: tuple = (180, 90, 30)
    option_days: int = 60
    period_ending_days: int = 30
    window_days: int = 30

    @classmethod
    def from_settings(cls, settings):
        """Return the thresholds named by the ALERT_* settings."""
        return cls(
            assessment_days=settings["ALERT_ASSESSMENT_DAYS"],
            agreement_days=tuple(sorted(parse_stages(settings["ALERT_AGREEMENT_DAYS"]),
                                        reverse=True)),
            option_days=settings["ALERT_OPTION_DAYS"],
            period_ending_days=settings["ALERT_PERIOD_ENDING_DAYS"],
            window_days=settings["ALERT_WINDOW_DAYS"],
        )
