"""``img-crm followups``: who is due, who is losing touch, and snoozing one."""

from __future__ import annotations

import argparse
from typing import Any

from img_crm.cli.arguments import day, json_flag, row_id
from img_crm.cli.output import print_json
from img_crm.cli.session import reading, writing


def list_(args: argparse.Namespace) -> int:
    from img_crm.services.followups import follow_ups

    with reading(args) as session:
        report = follow_ups(session, today=day(args.date))
    if args.json:
        print_json(report.to_json())
        return 0
    sections = [("Losing touch (past the stage's maximum)", report.losing_touch)]
    if not args.losing:
        sections += [("Due", report.due), ("Snoozed", report.snoozed)]
    for title, items in sections:
        print(f"{title}:")
        for item in items:
            if title == "Snoozed":
                when = f"until {item.snoozed_until}"
            elif item.level == "red":
                when = f"no touch since the limit {item.touch_limit}"
            else:
                when = f"due {item.due}" + (" (late)" if item.level == "amber" else "")
            print(f"  #{item.contact_id} {item.name} [{item.stage}] {when}")
        if not items:
            print("  none")
    return 0


def snooze(args: argparse.Namespace) -> int:
    from img_crm.services.followups import snooze as put_off

    with writing(args) as session:
        end = put_off(
            session,
            contact_id=args.contact_id,
            days=args.days,
            until=day(args.until),
            reason=args.reason,
        )
    print(f"Follow-up with #{args.contact_id} snoozed until {end.isoformat()}.")
    return 0


def register(commands: Any, common: argparse.ArgumentParser, add_command: Any) -> None:
    group = commands.add_parser(
        "followups", help="follow-ups: due, losing touch, snoozed", parents=[common]
    )
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    cmd = add_command(sub, "list", list_, "who is due, losing touch or snoozed")
    cmd.add_argument("--date", help="as of this day, YYYY-MM-DD (default today)")
    cmd.add_argument("--losing", action="store_true", help="only those losing touch")
    json_flag(cmd)
    cmd = add_command(sub, "snooze", snooze, "put off a follow-up (kept in the contact's history)")
    cmd.add_argument("contact_id", type=row_id, metavar="CONTACT_ID")
    when = cmd.add_mutually_exclusive_group(required=True)
    when.add_argument("--days", type=int, help="for this many days (1, 3, 7...)")
    when.add_argument("--until", metavar="YYYY-MM-DD", help="until this day")
    cmd.add_argument("--reason", default="", help="why (shown in the history)")
