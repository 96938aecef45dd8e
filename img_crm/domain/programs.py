"""Program rules: tier targets, tier-1 suggestions, visa fit, and interview times.

Programs schedule interviews in US time; the user may live ten time zones
away. Every interview is stored in UTC with the program's IANA zone and shown
in both zones, correct across daylight-saving changes on either side.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from img_crm.domain.enums import ProgramVisa, Stage, VisaNeed
from img_crm.domain.text import is_number
from img_crm.errors import UserError

#: The playbook's tier sizes (applicants abroad may widen them).
DEFAULT_TIER_RANGES: dict[int, tuple[int, int]] = {1: (15, 30), 2: (40, 60), 3: (10, 20)}

#: Questions worth asking at every interview, in our own words.
DEFAULT_QUESTIONS = (
    "How many of your current residents are international graduates?",
    "Which visas do you sponsor (J-1, H-1B), and how many each year?",
    "How are residents paired with faculty mentors?",
    "What support do IMGs get when they start (orientation, licensing, housing)?",
    "Where did your recent IMG graduates go: fellowships, jobs, visa waivers?",
)

TIE_STAGES_FOR_TIER_1 = (Stage.MENTOR, Stage.SPONSOR)


def tier_range_key(tier: int) -> str:
    return f"tier_range_{tier}"


def parse_range(text: str) -> tuple[int, int]:
    """Read "15-30" as (15, 30); raise ValueError on anything else."""
    low, sep, high = text.replace(" ", "").partition("-")
    if not sep or not is_number(low) or not is_number(high) or int(low) > int(high):
        raise ValueError("use a range such as 15-30")
    return int(low), int(high)


def tier_ranges_from_settings(settings: Mapping[str, str]) -> dict[int, tuple[int, int]]:
    ranges = dict(DEFAULT_TIER_RANGES)
    for tier in ranges:
        raw = settings.get(tier_range_key(tier), "")
        try:
            ranges[tier] = parse_range(raw)
        except ValueError:
            continue
    return ranges


@dataclass(frozen=True, slots=True)
class TierCount:
    tier: int
    count: int
    low: int
    high: int

    @property
    def state(self) -> str:
        """ "below", "within" or "above" the target range."""
        if self.count < self.low:
            return "below"
        return "above" if self.count > self.high else "within"


def tier_counts(
    tiers: Iterable[int | None], ranges: Mapping[int, tuple[int, int]]
) -> list[TierCount]:
    counts = dict.fromkeys(ranges, 0)
    for tier in tiers:
        if tier in counts:
            counts[tier] += 1
    return [TierCount(t, counts[t], *ranges[t]) for t in sorted(ranges)]


def suggest_tier_1(tier: int | None, tie_stages: Iterable[Stage]) -> bool:
    """A mentor or sponsor has a tie here, and the program is not already tier 1."""
    return tier != 1 and any(stage in TIE_STAGES_FOR_TIER_1 for stage in tie_stages)


def needs_visa(need: VisaNeed) -> bool:
    return need in (VisaNeed.J1, VisaNeed.H1B, VisaNeed.J1_OR_H1B)


def wasted_application(visa: ProgramVisa, flag_no_visa: bool, need: VisaNeed) -> bool:
    """The program sponsors no visa while the user needs one."""
    return needs_visa(need) and (flag_no_visa or visa is ProgramVisa.NONE)


def visa_mismatch(visa: ProgramVisa, need: VisaNeed) -> bool:
    """The program sponsors only the other visa than the one the user needs."""
    return (need is VisaNeed.J1 and visa is ProgramVisa.H1B) or (
        need is VisaNeed.H1B and visa is ProgramVisa.J1
    )


# --- interview times -----------------------------------------------------------------


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError) as exc:
        raise UserError(f"{name!r} is not a time zone name such as America/New_York.") from exc


def local_to_utc(local: datetime, zone_name: str) -> datetime:
    """A wall-clock time in ``zone_name`` as an aware UTC datetime.

    A time that does not exist there (clocks jump forward) is refused rather
    than silently moved by an hour.
    """
    tz = zone(zone_name)
    aware = local.replace(tzinfo=tz)
    utc = aware.astimezone(UTC)
    if utc.astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise UserError(
            f"{local:%Y-%m-%d %H:%M} does not exist in {zone_name}: the clocks jump forward "
            "that night. Pick another time."
        )
    return utc


def _clock(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{moment:%a} {moment.day} {moment:%b}, {hour}:{moment:%M} {suffix} {moment.tzname()}"


def in_zone(moment_utc: datetime, zone_name: str) -> datetime:
    aware = moment_utc if moment_utc.tzinfo else moment_utc.replace(tzinfo=UTC)
    return aware.astimezone(zone(zone_name))


def dual_time(moment_utc: datetime, program_zone: str, home_zone: str) -> str:
    """ "Tue 14 Oct, 7:00 pm EDT · Wed 15 Oct, 4:30 am IST" (program first, then home)."""
    there = _clock(in_zone(moment_utc, program_zone))
    if not home_zone or home_zone == program_zone:
        return there
    return f"{there} · {_clock(in_zone(moment_utc, home_zone))}"
