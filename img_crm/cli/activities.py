"""``img-crm activities``: log, list, show, edit and delete what was done."""

from __future__ import annotations

import argparse
from typing import Any

from img_crm.cli.arguments import changes, day, json_flag, row_id
from img_crm.cli.output import print_fields, print_json, print_table
from img_crm.cli.session import reading, writing
from img_crm.domain.enums import ActivityKind, Exposure, values
from img_crm.errors import UserError

FIELD_OPTIONS = {
    "date": "occurred_on",
    "kind": "kind",
    "contact": "contact_id",
    "program": "program_id",
    "hours": "hours",
    "exposure": "exposure",
    "setting": "setting",
    "description": "description",
    "outcome": "outcome",
}


def _data(args: argparse.Namespace) -> dict[str, Any]:
    data = changes(args, FIELD_OPTIONS)
    if "occurred_on" in data:
        data["occurred_on"] = day(data["occurred_on"])
    return data


def add(args: argparse.Namespace) -> int:
    from img_crm.store.activities import add_activity

    data = {"setting": "", "description": "", "outcome": "", **_data(args)}
    if data["kind"] == ActivityKind.CLINICAL_EXPERIENCE.value and data.get("exposure") is None:
        data["exposure"] = Exposure.OBSERVERSHIP.value
    with writing(args) as session:
        activity_id = add_activity(session, data=data)
    print(activity_id)
    return 0


def list_(args: argparse.Namespace) -> int:
    from img_crm.services.activities import activity_json
    from img_crm.store.activities import list_activities

    with reading(args) as session:
        rows = list_activities(
            session,
            contact_id=args.contact,
            program_id=args.program,
            kind=args.kind,
            since=day(args.since),
            until=day(args.until),
        )
    if args.json:
        print_json([activity_json(r) for r in rows])
        return 0
    print_table(
        ["ID", "DATE", "KIND", "CONTACT", "PROGRAM", "HOURS", "DESCRIPTION"],
        [
            [
                str(r.id),
                r.occurred_on.isoformat(),
                r.kind,
                r.contact_name,
                r.program_name,
                f"{r.hours:g}" if r.hours is not None else "",
                r.description.splitlines()[0] if r.description else "",
            ]
            for r in rows
        ],
    )
    return 0


def show(args: argparse.Namespace) -> int:
    from img_crm.services.activities import activity_json, activity_row

    with reading(args) as session:
        data = activity_json(activity_row(session, activity_id=args.id))
    if args.json:
        print_json(data)
    else:
        print_fields(data)
    return 0


def edit(args: argparse.Namespace) -> int:
    from img_crm.store.activities import update_activity

    data = _data(args)
    for option, field in (("no_contact", "contact_id"), ("no_program", "program_id")):
        if getattr(args, option):
            data[field] = None
    if not data:
        raise UserError("Give at least one field to change, such as --description or --hours.")
    with writing(args) as session:
        update_activity(session, activity_id=args.id, data=data)
    print(f"Changed activity #{args.id}.")
    return 0


def delete(args: argparse.Namespace) -> int:
    from img_crm.store.activities import delete_activities, get_activity

    with writing(args) as session:
        for activity_id in args.ids:
            get_activity(session, activity_id=activity_id)  # every one exists, or none goes
        deleted = delete_activities(session, activity_ids=args.ids)
    print(f"Deleted {deleted} activit{'y' if deleted == 1 else 'ies'}.")
    return 0


def _fields(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument("--kind", required=required, choices=values(ActivityKind))
    parser.add_argument("--date", required=required, help="YYYY-MM-DD")
    parser.add_argument("--contact", type=row_id, help="contact id")
    parser.add_argument("--program", type=row_id, help="program id")
    parser.add_argument("--hours", type=float)
    parser.add_argument("--setting", help="ward, clinic, lab…")
    parser.add_argument("--exposure", choices=values(Exposure))
    parser.add_argument("--description")
    parser.add_argument("--outcome")


def register(commands: Any, common: argparse.ArgumentParser, add_command: Any) -> None:
    group = commands.add_parser(
        "activities", help="log, list, show, edit, delete activities", parents=[common]
    )
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    _fields(add_command(sub, "add", add, "log one activity; prints its id"), required=True)
    cmd = add_command(sub, "list", list_, "the log, newest first, with filters")
    cmd.add_argument("--contact", type=row_id, help="of this contact")
    cmd.add_argument("--program", type=row_id, help="at this program")
    cmd.add_argument("--kind", choices=values(ActivityKind))
    cmd.add_argument("--since", metavar="YYYY-MM-DD")
    cmd.add_argument("--until", metavar="YYYY-MM-DD")
    json_flag(cmd)
    cmd = add_command(sub, "show", show, "one activity")
    cmd.add_argument("id", type=row_id)
    json_flag(cmd)
    cmd = add_command(sub, "edit", edit, "change an activity")
    cmd.add_argument("id", type=row_id)
    _fields(cmd, required=False)
    cmd.add_argument("--no-contact", dest="no_contact", action="store_true")
    cmd.add_argument("--no-program", dest="no_program", action="store_true")
    cmd = add_command(sub, "delete", delete, "delete activities")
    cmd.add_argument("ids", type=row_id, nargs="+", metavar="ID")
