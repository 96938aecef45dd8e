"""``img-crm settings``: the profile and the follow-up intervals."""

from __future__ import annotations

import argparse
from typing import Any

from img_crm.cli.arguments import json_flag
from img_crm.cli.output import print_json
from img_crm.cli.session import reading, writing


def show(args: argparse.Namespace) -> int:
    from img_crm.services.profile import settings_json

    with reading(args) as session:
        values = settings_json(session)
    if args.json:
        print_json(values)
        return 0
    for key, value in values.items():
        _print_setting(key, value)
    return 0


def _print_setting(key: str, value: object) -> None:
    print(f"{key} = {value if value not in ('', None) else '(not set)'}")


def set_(args: argparse.Namespace) -> int:
    from img_crm.services.profile import save_profile_values, settings_json

    with writing(args) as session:
        save_profile_values(session, values={args.key: args.value})
        stored = settings_json(session)[args.key]
    _print_setting(args.key, stored)  # as stored: "Asia/Kolkata", a range as "15-30"
    return 0


def register(commands: Any, common: argparse.ArgumentParser, add_command: Any) -> None:
    group = commands.add_parser("settings", help="show or change the profile", parents=[common])
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    json_flag(add_command(sub, "show", show, "show the profile settings"))
    cmd = add_command(sub, "set", set_, "change one profile setting")
    cmd.add_argument(
        "key",
        help="my_name, target_specialty, backup_specialty, match_year, home_timezone, visa, "
        "a follow-up interval in days (cadence_cold, cadence_warm, cadence_mentor, "
        "cadence_sponsor), a tier range (tier_range_1 15-30), or the season's: fee_season, "
        "fee_first_block, fee_first_price, fee_later_price, application_budget, geo_divisions "
        "(up to 3, comma-separated), geo_setting (urban, rural, no-preference), rank_deadline, "
        "rank_certified_on",
    )
    cmd.add_argument("value")
