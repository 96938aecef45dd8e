"""The user's profile: the settings later features read (specialty, match year...).

Values are stored as text in the ``setting`` table; ``parse_setting`` is the
single gate that validates them, for the Settings dialog and the CLI alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from img_crm.domain.cadence import INTERVAL_RANGE, MAXIMUM_RANGE, interval_key, maximum_key
from img_crm.domain.contact_points import EMAIL_PATTERN
from img_crm.domain.contacts import known_timezones
from img_crm.domain.enums import Stage, VisaNeed, values
from img_crm.domain.fees import FEE_KEYS, MAX_FEE_NUMBER
from img_crm.domain.geography import DIVISIONS, preference_problem
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
    "my_emails",
)
CADENCE_KEYS = tuple(interval_key(stage) for stage in Stage)
MAXIMUM_KEYS = tuple(maximum_key(stage) for stage in Stage)
TIER_KEYS = tuple(tier_range_key(tier) for tier in DEFAULT_TIER_RANGES)
#: The application season's settings (#22): the fee rule, the budget, the
#: geographic preference, the rank list's deadline and its certification.
SEASON_KEYS = (
    *FEE_KEYS,
    "application_budget",
    "geo_divisions",
    "geo_setting",
    "rank_deadline",
    "rank_certified_on",
)
SETTING_KEYS = (*PROFILE_KEYS, *CADENCE_KEYS, *MAXIMUM_KEYS, *TIER_KEYS, *SEASON_KEYS)
#: The largest budget for application fees (US dollars; a slip beyond it).
MAX_BUDGET = 100_000
#: How many addresses of their own a user can list (work, personal, school...).
MAX_OWN_EMAILS = 20
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
    #: The user's own addresses, lower-cased: mail between one of them and a
    #: contact is the user's own correspondence.
    my_emails: tuple[str, ...] = ()

    @property
    def is_set_up(self) -> bool:
        return bool(self.target_specialty and self.match_year)


def own_emails(raw: str) -> tuple[str, ...]:
    """The addresses in a ``my_emails`` value (commas, semicolons or spaces
    between them), lower-cased, each once; ``ValueError`` names a bad one."""
    found: dict[str, None] = {}
    for part in raw.replace(";", ",").replace(",", " ").split():
        address = part.strip("<>").casefold()
        if not EMAIL_PATTERN.match(address):
            raise ValueError(part)
        found[address] = None
    return tuple(found)


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
    if key in SEASON_KEYS:
        return _season_setting(key, text)
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
    if key in MAXIMUM_KEYS:
        low, high = MAXIMUM_RANGE
        if not is_number(text) or not low <= int(text) <= high:
            raise UserError(f"{key} must be a number of days from {low} to {high}.", where=key)
        return str(int(text))
    if key == "my_emails":
        try:
            addresses = own_emails(text)
        except ValueError as exc:
            raise UserError(
                f"my_emails: {str(exc)[:80]!r} is not an email address such as you@example.org.",
                where=key,
            ) from None
        if len(addresses) > MAX_OWN_EMAILS:
            raise UserError(f"my_emails can list at most {MAX_OWN_EMAILS} addresses.", where=key)
        return ", ".join(addresses)
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


def _season_setting(key: str, text: str) -> str:
    from datetime import date

    if key == "fee_season":
        if not (text.isdigit() and len(text) == 4):
            raise UserError("fee_season must be a year such as 2026.", where=key)
        return text
    if key in FEE_KEYS or key == "application_budget":
        high = MAX_BUDGET if key == "application_budget" else MAX_FEE_NUMBER
        if text == "" and key == "application_budget":
            return ""  # no budget
        what = "programs" if key == "fee_first_block" else "dollars"
        if not is_number(text) or not 0 <= int(text) <= high:
            raise UserError(f"{key} must be a whole number of {what} from 0 to {high}.", where=key)
        return str(int(text))
    if key == "geo_divisions":
        named = {name.casefold(): name for name in DIVISIONS}
        chosen = [
            named.get(part.strip().casefold(), part.strip())
            for part in text.split(",")
            if part.strip()
        ]
        problem = preference_problem(chosen, "no-preference")
        if problem:
            raise UserError(f"geo_divisions: {problem}.", where=key)
        return ", ".join(chosen)
    if key == "geo_setting":
        problem = preference_problem([], text.casefold())
        if problem:
            raise UserError(f"geo_setting: {problem}.", where=key)
        return text.casefold()
    if text == "":
        return ""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{key} must be a date, YYYY-MM-DD.", where=key) from None
    if key == "rank_certified_on":
        from img_crm import clock

        if day > clock.today():
            raise UserError(
                "rank_certified_on is the day you certified: not after today.", where=key
            )
    return day.isoformat()


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
        my_emails=_stored_emails(settings.get("my_emails", "")),
    )


def _stored_emails(raw: str) -> tuple[str, ...]:
    try:
        return own_emails(raw)
    except ValueError:
        return ()  # a value the gate would refuse: as if none were set
