"""``img-crm invitations``: interview invitations, their countdown and answers."""

from __future__ import annotations

import argparse
from typing import Any

from img_crm.cli.arguments import json_flag, local_moment, row_id
from img_crm.cli.output import print_json
from img_crm.cli.session import reading, writing
from img_crm.domain.invitations import InvitationStatus


def add(args: argparse.Namespace) -> int:
    from img_crm.services.invitations import receive

    respond_by = local_moment(args.respond_by, what="respond-by time") if args.respond_by else None
    offered = [local_moment(text, what="offered date") for text in args.offered]
    received = None
    if args.received:
        from img_crm.domain.programs import local_to_utc
        from img_crm.store.programs import program_row

        came = local_moment(args.received, what="received time")
        with reading(args) as session:
            zone = program_row(session, program_id=args.program_id).timezone
        received = local_to_utc(came, zone) if zone else came.astimezone()
    with writing(args) as session:
        invitation_id, warning = receive(
            session,
            program_id=args.program_id,
            respond_by=respond_by,
            offered=offered,
            received_at=received,
        )
    print(invitation_id)
    if warning:
        print(f"Warning: {warning}.")
    return 0


def list_(args: argparse.Namespace) -> int:
    from img_crm.services.invitations import overview

    with reading(args) as session:
        views, clashes = overview(session)
    if args.json:
        print_json(
            {
                "invitations": [v.to_json() for v in views],
                "conflicts": [
                    {
                        "first": c.first.invitation_id,
                        "second": c.second.invitation_id,
                        "reason": c.reason,
                    }
                    for c in clashes
                ],
            }
        )
        return 0
    for v in views:
        line = f"#{v.id} {v.program}: {v.status.value}"
        if v.countdown:
            line += f", {v.countdown}" + (" (answer soon)" if v.urgent else "")
        if v.interview:
            line += f", interview {v.interview}"
        print(line)
        for offered in v.offered:
            print(f"    offered {offered}")
    if not views:
        print("No invitations yet.")
    for c in clashes:
        print(f"Clash: #{c.first.invitation_id} and #{c.second.invitation_id}: {c.reason}")
    return 0


def answer(args: argparse.Namespace) -> int:
    from img_crm.services.invitations import answer as move_on

    at = local_moment(args.at, what="interview") if args.at else None
    with writing(args) as session:
        clashes = move_on(
            session,
            invitation_id=args.invitation_id,
            status=InvitationStatus(args.status),
            interview_local=at,
            note=args.note,
        )
    print(f"Invitation #{args.invitation_id}: {args.status}.")
    for c in clashes:
        other = c.second if c.first.invitation_id == args.invitation_id else c.first
        print(f"Warning: {c.reason} (with #{other.invitation_id}, {other.program}).")
    return 0


def show(args: argparse.Namespace) -> int:
    from img_crm.services.invitations import history_of

    with reading(args) as session:
        status, changes = history_of(session, invitation_id=args.invitation_id)
    rows = [
        {
            "changed_at": c.changed_at.isoformat(),  # UTC, with its offset
            "from": c.from_status or None,
            "to": c.to_status,
            "what": c.what,
        }
        for c in changes
    ]
    if args.json:
        print_json({"id": args.invitation_id, "status": status.value, "history": rows})
        return 0
    print(f"Invitation #{args.invitation_id}: {status.value}")
    for row in rows:
        step = f"{row['from']} -> {row['to']}" if row["from"] else str(row["to"])
        print(f"  {row['changed_at']}  {step}{'  ' + str(row['what']) if row['what'] else ''}")
    return 0


def register(commands: Any, common: argparse.ArgumentParser, add_command: Any) -> None:
    group = commands.add_parser(
        "invitations", help="interview invitations: respond-by, dates, answers", parents=[common]
    )
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    cmd = add_command(sub, "add", add, "an invitation came (times in the program's zone)")
    cmd.add_argument("program_id", type=row_id, metavar="PROGRAM_ID")
    cmd.add_argument("--respond-by", metavar='"YYYY-MM-DD HH:MM"', help="answer by this time")
    cmd.add_argument(
        "--received",
        metavar='"YYYY-MM-DD HH:MM"',
        help="when it came (default now), program's zone",
    )
    cmd.add_argument(
        "--offered", action="append", default=[], metavar='"YYYY-MM-DD HH:MM"',
        help="a date and time offered (repeat for each)",
    )  # fmt: skip
    cmd = add_command(sub, "list", list_, "every invitation, its countdown and clashes")
    json_flag(cmd)
    cmd = add_command(sub, "answer", answer, "accept a date, waitlist, decline, cancel...")
    cmd.add_argument("invitation_id", type=row_id, metavar="INVITATION_ID")
    cmd.add_argument("status", choices=[s.value for s in InvitationStatus])
    cmd.add_argument("--at", metavar='"YYYY-MM-DD HH:MM"', help="the date accepted, program's zone")
    cmd.add_argument("--note", default="", help="kept in the invitation's history")
    cmd = add_command(sub, "show", show, "an invitation's dated history")
    cmd.add_argument("invitation_id", type=row_id, metavar="INVITATION_ID")
    json_flag(cmd)
