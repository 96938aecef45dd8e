"""The user's profile: the settings later features read (specialty, match year...).

Values are stored as text in the ``setting`` table; ``parse_setting`` is the
single gate that validates them, for the Settings dialog and the CLI alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from img_crm.domain.cadence import INTERVAL_RANGE, interval_key
from img_crm.domain.contacts import known_timezones
from img_crm.domain.enums import Stage, VisaNeed, values
from img_crm.domain.limits import text_problem
from img_crm.domain.programs import DEFAULT_TIER_RANGES, parse_range, tier_range_key
from img_crm.domain.text import is_number
from img_crm.errors import UserError

PROFILE_KEYS = (
    "my_name",
    "target_specialty",
    "backup_specialty",
    "match_year",
    "home_timezone",
    "visa",
)
CADENCE_KEYS = tuple(interval_key(stage) for stage in Stage)
TIER_KEYS = tuple(tier_range_key(tier) for tier in DEFAULT_TIER_RANGES)
SETTING_KEYS = (*PROFILE_KEYS, *CADENCE_KEYS, *TIER_KEYS)
MATCH_YEAR_RANGE = (2020, 2045)

# Common US residency specialties, offered in the Settings dialog; any text is accepted.
SPECIALTIES = (
    "Internal Medicine",
    "Family Medicine",
    "Psychiatry",
    "Pediatrics",
    "Neurology",
    "Pathology",
    "General Surgery",
    "Emergency Medicine",
    "Obstetrics and Gynecology",
    "Anesthesiology",
    "Physical Medicine and Rehabilitation",
    "Diagnostic Radiology",
    "Dermatology",
    "Orthopaedic Surgery",
)


@dataclass(frozen=True, slots=True)
class Profile:
    my_name: str = ""
    target_specialty: str = ""
    backup_specialty: str = ""
    match_year: int | None = None
    home_timezone: str = ""
    visa: VisaNeed = VisaNeed.UNDECIDED

    @property
    def is_set_up(self) -> bool:
        return bool(self.target_specialty and self.match_year)


def parse_setting(key: str, raw: str) -> str:
    """Validate one profile value and return its stored text form.

    Raises ``UserError`` naming the key and listing what is accepted.
    """
    text = " ".join(str(raw).split())
    if key not in SETTING_KEYS:
        raise UserError(
            f"Unknown setting {key!r}; the settings are: {', '.join(SETTING_KEYS)}.", where=key
        )
    problem = text_problem(text)
    if problem:
        raise UserError(f"{key} {problem}.", where=key)
    if key in TIER_KEYS:
        try:
            low, high = parse_range(text)
        except ValueError:
            raise UserError(f"{key} must be a range such as 15-30.", where=key) from None
        return f"{low}-{high}"
    if key in CADENCE_KEYS:
        low, high = INTERVAL_RANGE
        if not is_number(text) or not low <= int(text) <= high:
            raise UserError(f"{key} must be a number of days from {low} to {high}.", where=key)
        return str(int(text))
    if key in ("my_name", "target_specialty", "backup_specialty"):
        if len(text) > 100:
            raise UserError(f"{key} must be at most 100 characters.", where=key)
        return text
    if key == "match_year":
        low, high = MATCH_YEAR_RANGE
        if not is_number(text) or not low <= int(text) <= high:
            raise UserError(f"match_year must be a year from {low} to {high}.", where=key)
        return str(int(text))
    if key == "home_timezone":
        if text not in known_timezones():
            raise UserError(
                "home_timezone must be an IANA time zone name such as Asia/Kolkata, "
                "Africa/Lagos or America/New_York.",
                where=key,
            )
        return text
    choice = text.casefold()
    if choice not in values(VisaNeed):
        raise UserError(f"visa must be one of: {', '.join(values(VisaNeed))}.", where=key)
    return choice


def profile_from_settings(settings: dict[str, str], *, default_timezone: str = "") -> Profile:
    """Build a Profile from stored text, tolerating missing keys."""
    year = settings.get("match_year", "")
    visa = settings.get("visa", VisaNeed.UNDECIDED.value)
    return Profile(
        my_name=settings.get("my_name", ""),
        target_specialty=settings.get("target_specialty", ""),
        backup_specialty=settings.get("backup_specialty", ""),
        match_year=int(year) if is_number(year) else None,
        home_timezone=settings.get("home_timezone", "") or default_timezone,
        visa=VisaNeed(visa) if visa in values(VisaNeed) else VisaNeed.UNDECIDED,
    )
