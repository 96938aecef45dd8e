"""``img-crm today``: what needs doing now."""

from __future__ import annotations

import argparse
from typing import Any

from img_crm.cli.arguments import day, json_flag
from img_crm.cli.output import print_json
from img_crm.cli.session import reading


def today(args: argparse.Namespace) -> int:
    from img_crm.domain.momentum import GOAL_TEXT
    from img_crm.services.today import build_today

    with reading(args) as session:
        report = build_today(session, today=day(args.date))
    if args.json:
        print_json(report.to_json())
        return 0
    print(f"Today, {report.today.isoformat()}")
    print("\nReplies owed (answer within 24 hours):")
    for due in report.replies_owed:
        waited = "1 day" if due.days_waiting == 1 else f"{due.days_waiting} days"
        print(
            f"  #{due.contact_id} {due.name} ({due.institution}): replied {due.waiting_since}, "
            f"waiting {waited}"
        )
    if not report.replies_owed:
        print("  none")
    if report.losing_touch:
        print("\nLosing touch (past the stage's maximum):")
        for due in report.losing_touch:
            print(
                f"  #{due.contact_id} {due.name} [{due.stage}] last touch {due.last_touch}, "
                f"{due.days_losing} d past the limit"
            )
    print("\nFollow-ups due:")
    for due in report.follow_ups_due:
        late = f", due {due.due}, {due.days_late} d late" if due.days_late else ", due today"
        print(f"  #{due.contact_id} {due.name} [{due.stage}]{late}")
    if not report.follow_ups_due:
        print("  none")
    if report.letter_reminders:
        print("\nLetter reminders:")
        for item in report.letter_reminders:
            print(
                f"  {item.writer}: {item.to_json()['what']} "
                f"(asked {item.reminder.days_since_request} days ago)"
            )
    else:
        print("\nLetter reminders: none due")
    for warning in report.eligibility:
        print(f"Eligibility: {warning}.")
    if report.invitations:
        print("Invitations to answer:")
        for invitation in report.invitations:
            left = f": {invitation.countdown}" if invitation.countdown else ""
            print(f"  #{invitation.id} {invitation.program}{left}")
    if report.interviews:
        print("Interviews:")
        for interview in report.interviews:
            print(f"  {interview.name}: {interview.when}")
    else:
        print("Interviews: none scheduled")
    print("\nThis month:")
    for goal, count in report.momentum.items():
        mark = "done" if count else "to do"
        print(f"  [{mark}] {GOAL_TEXT[goal]} ({count})")
    f = report.funnel
    print(
        f"\nFunnel: contacted {f.contacted} -> replied {f.replied} -> warm {f.warm} -> "
        f"mentor {f.mentor} -> sponsor {f.sponsor} "
        f"(reply rate {f.reply_rate:.0%} of {f.messages_sent} messages)"
    )
    return 0


def register(commands: Any, common: argparse.ArgumentParser, add_command: Any) -> None:
    cmd = add_command(commands, "today", today, "what needs doing today")
    cmd.add_argument("--date", help="as of this day, YYYY-MM-DD (default today)")
    json_flag(cmd)
