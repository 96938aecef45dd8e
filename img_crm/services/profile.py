"""Reading and saving the user's profile, with the system time zone as default."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from img_crm.domain.cadence import Cadence, cadence_from_settings, intervals_from_settings
from img_crm.domain.contacts import known_timezones
from img_crm.domain.enums import Stage
from img_crm.domain.profile import SETTING_KEYS, Profile, parse_setting, profile_from_settings
from img_crm.store.driver import Source
from img_crm.store.settings import all_settings, set_setting


def system_timezone() -> str:
    """The IANA name of the computer's zone, or "UTC" when it cannot be told."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    timezone_file = Path("/etc/timezone")
    if timezone_file.is_file():
        candidates.append(timezone_file.read_text(encoding="utf-8", errors="replace").strip())
    for name in candidates:
        if name and name in known_timezones():
            return name
    return "UTC"


def load_profile(session: Source, *, default_timezone: str | None = None) -> Profile:
    zone = default_timezone if default_timezone is not None else system_timezone()
    return profile_from_settings(all_settings(session), default_timezone=zone)


def load_intervals(session: Source) -> dict[Stage, int]:
    return intervals_from_settings(all_settings(session))


def load_cadence(session: Source) -> Cadence:
    """Each stage's ideal interval and maximum."""
    return cadence_from_settings(all_settings(session))


def save_profile_values(session: Source, *, values: dict[str, str]) -> None:
    """Validate every value first, then write them all (nothing on error)."""
    clean = {key: parse_setting(key, raw) for key, raw in values.items()}
    for key in SETTING_KEYS:
        if key in clean:
            set_setting(session, key=key, value=clean[key])


def settings_json(session: Source) -> dict[str, object]:
    """The profile, the follow-up intervals and the tier ranges, as ``settings
    show`` prints them: every key ``settings set`` takes."""
    from img_crm.domain.cadence import interval_key, maximum_key
    from img_crm.domain.profile import PROFILE_KEYS
    from img_crm.domain.programs import tier_range_key

    profile = load_profile(session)
    values: dict[str, object] = {key: getattr(profile, key) for key in PROFILE_KEYS}
    values["visa"] = profile.visa.value
    values["my_emails"] = ", ".join(profile.my_emails)
    cadence = load_cadence(session)
    values.update({interval_key(stage): days for stage, days in cadence.intervals.items()})
    values.update({maximum_key(stage): days for stage, days in cadence.maximums.items()})
    values.update(
        {
            tier_range_key(tier): f"{low}-{high}"
            for tier, (low, high) in tier_ranges(session).items()
        }
    )
    from img_crm.domain.fees import FEE_KEYS, FeeRule
    from img_crm.domain.profile import SEASON_KEYS

    stored = all_settings(session)
    shipped = FeeRule()
    for key in SEASON_KEYS:
        default = str(getattr(shipped, FEE_KEYS[key])) if key in FEE_KEYS else ""
        values[key] = stored.get(key, "") or default
    return values


def setting(session: Source, *, key: str) -> str | None:
    from img_crm.store.settings import get_setting

    return get_setting(session, key=key)


def tier_ranges(session: Source) -> Any:
    from img_crm.domain.programs import tier_ranges_from_settings
    from img_crm.store.settings import all_settings

    return tier_ranges_from_settings(all_settings(session))
