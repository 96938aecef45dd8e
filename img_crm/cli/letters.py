"""``img-crm letters``: letters of recommendation, their status, packets and programs."""

from __future__ import annotations

import argparse
from typing import Any

from img_crm import APP_NAME, clock
from img_crm.cli.arguments import (
    changes,
    day,
    field_option,
    json_flag,
    require_yes,
    row_id,
    yes_option,
)
from img_crm.cli.output import print_fields, print_json, print_own_fields, print_table
from img_crm.cli.session import reading, writing
from img_crm.domain.enums import LetterStatus, LetterType, values
from img_crm.errors import UserError

#: ``--option``: letter field, for edit.
FIELD_OPTIONS = {
    "writer": "writer_id",
    "type": "letter_type",
    "specialty": "specialty",
    "notes": "notes",
}
YES_NO_OPTIONS = {
    "waived": "waived",
    "cv": "packet_cv",
    "statement": "packet_statement",
    "evidence": "packet_evidence",
    "instructions": "packet_instructions",
}


def add(args: argparse.Namespace) -> int:
    from img_crm.store.letters import add_letter

    with writing(args) as session:
        letter_id = add_letter(
            session,
            writer_id=args.writer,
            letter_type=args.type,
            specialty=args.specialty,
            status=args.status,
            on=day(args.date),
            notes=args.notes or "",
        )
    print(letter_id)
    return 0


def list_(args: argparse.Namespace) -> int:
    from img_crm.services.letters import letters_json, letters_view
    from img_crm.store.letters import assignments

    with reading(args) as session:
        view = letters_view(session)
        assigned = assignments(session)
    if args.json:
        print_json(letters_json(view, assigned))
        return 0
    print_table(
        ["ID", "WRITER", "TYPE", "STATUS", "SINCE", "REMINDER"],
        [
            [
                str(row.id),
                row.writer_name,
                row.letter_type,
                row.status,
                row.status_since.isoformat() if row.status_since else "",
                view.reminders[row.id].to_json()["what"] if row.id in view.reminders else "",
            ]
            for row in view.rows
        ],
    )
    r = view.readiness
    print(
        f"\nUS clinical letters in {view.target_specialty or 'the target specialty'} agreed: "
        f"{r.us_clinical_in_target} (need 2, ideally 3), {r.us_clinical_in_progress} more asked "
        f"or picked; letters agreed in all: {r.total} (aim 3-4), {r.in_progress} more asked or "
        "picked"
    )
    for warning in r.warnings:
        print(f"warning: {warning.text}")
    return 0


def show(args: argparse.Namespace) -> int:
    from img_crm.services.letters import letter_detail_json

    with reading(args) as session:
        data = letter_detail_json(session, letter_id=args.id)
    if args.json:
        print_json(data)
        return 0
    print_fields({k: v for k, v in data.items() if not isinstance(v, list | dict)})
    print_own_fields(data["fields"])
    print("packet: " + ", ".join(f"{k} {'yes' if v else 'no'}" for k, v in data["packet"].items()))
    for change in data["history"]:
        print(f"  {change['on']}: {change['from'] or 'added'} -> {change['to']}")
    return 0


def status(args: argparse.Namespace) -> int:
    from img_crm.store.letters import get_letter_row, set_letter_status

    on = day(args.date) or clock.today()
    with writing(args) as session:
        before = get_letter_row(session, letter_id=args.letter_id)
        set_letter_status(session, letter_id=args.letter_id, status=args.status, on=on)
    if before.status == args.status:
        print(f"Letter #{before.id} is already {args.status}; nothing changed.")
        return 0
    print(f"Letter #{before.id} ({before.writer_name}): {before.status} -> {args.status} on {on}.")
    if args.status == LetterStatus.PACKET_SENT.value:
        print(
            "Log sending it, if you did: "
            f"{APP_NAME} activities add --kind outreach-sent --date {on} "
            f'--contact {before.writer_id} --description "Sent the letter packet"'
        )
    return 0


def undo_status(args: argparse.Namespace) -> int:
    from img_crm.store.letters import get_letter_row, take_back_status

    with writing(args) as session:
        before = get_letter_row(session, letter_id=args.letter_id)
        last = take_back_status(session, letter_id=args.letter_id)
    print(
        f"Letter #{before.id} ({before.writer_name}): took back {last.from_status} -> "
        f"{last.to_status} of {last.changed_on}; it is {last.from_status} again."
    )
    return 0


def edit(args: argparse.Namespace) -> int:
    from img_crm.store.letters import update_letter

    data = changes(args, FIELD_OPTIONS)
    for option, field in YES_NO_OPTIONS.items():
        value = getattr(args, option)
        if value is not None:
            data[field] = value == "yes"
    if not data and not args.field:
        raise UserError(
            "Give at least one field to change, such as --writer, --type, --notes, --waived "
            "or --field NAME=VALUE."
        )
    from img_crm.cli.arguments import set_fields
    from img_crm.domain.custom_fields import RecordKind

    with writing(args) as session:
        if data:
            update_letter(session, letter_id=args.id, changes=data)
        set_fields(session, args, RecordKind.LETTER, args.id)
    print(f"Changed letter #{args.id}.")
    return 0


def delete(args: argparse.Namespace) -> int:
    from img_crm.store.letters import delete_letter

    require_yes(args, "Deleting a letter also deletes its status history and program assignments.")
    with writing(args) as session:
        delete_letter(session, letter_id=args.id)
    print(f"Deleted letter #{args.id}.")
    return 0


def assign(args: argparse.Namespace) -> int:
    from img_crm.store.letters import assign_letter, unassign_letter

    with writing(args) as session:
        if args.remove:
            unassign_letter(session, letter_id=args.letter_id, program_id=args.program_id)
        else:
            assign_letter(session, letter_id=args.letter_id, program_id=args.program_id)
    return 0


def register(commands: Any, common: argparse.ArgumentParser, add_command: Any) -> None:
    group = commands.add_parser("letters", help="letters of recommendation", parents=[common])
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    cmd = add_command(sub, "add", add, "track a letter and print its id")
    cmd.add_argument("--writer", type=row_id, required=True, metavar="CONTACT_ID")
    cmd.add_argument("--type", required=True, choices=values(LetterType))
    cmd.add_argument("--specialty", required=True)
    cmd.add_argument("--status", default="identified", choices=values(LetterStatus))
    cmd.add_argument("--date", help="date of that status, YYYY-MM-DD (default today)")
    cmd.add_argument("--notes")
    json_flag(add_command(sub, "list", list_, "letters with reminders and readiness"))
    cmd = add_command(sub, "show", show, "one letter with its packet, programs and history")
    cmd.add_argument("id", type=row_id)
    json_flag(cmd)
    cmd = add_command(sub, "status", status, "move a letter to a status")
    cmd.add_argument("letter_id", type=row_id, metavar="LETTER_ID")
    cmd.add_argument("status", choices=values(LetterStatus))
    cmd.add_argument("--date", help="YYYY-MM-DD (default today)")
    cmd = add_command(sub, "undo-status", undo_status, "take back a letter's last status change")
    cmd.add_argument("letter_id", type=row_id, metavar="LETTER_ID")
    cmd = add_command(
        sub, "edit", edit, "change a letter's writer, type, specialty, notes or packet"
    )
    cmd.add_argument("id", type=row_id)
    cmd.add_argument("--writer", type=row_id, metavar="CONTACT_ID")
    cmd.add_argument("--type", choices=values(LetterType))
    cmd.add_argument("--specialty")
    cmd.add_argument("--notes")
    for option in YES_NO_OPTIONS:
        cmd.add_argument(f"--{option}", choices=["yes", "no"])
    field_option(cmd)
    cmd = add_command(sub, "delete", delete, "delete a letter (with --yes)")
    cmd.add_argument("id", type=row_id)
    yes_option(cmd, "delete without asking again")
    cmd = add_command(sub, "assign", assign, "send a letter to a program (max 4)")
    cmd.add_argument("letter_id", type=row_id, metavar="LETTER_ID")
    cmd.add_argument("program_id", type=row_id, metavar="PROGRAM_ID")
    cmd.add_argument("--remove", action="store_true", help="take it off the program")
