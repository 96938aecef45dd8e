"""``img-crm attachments``: add, list, open, rename, remove files on a
contact, program, letter or activity, and record who was given which
version (#24)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from img_crm.cli.arguments import day, json_flag, require_yes, row_id, yes_option
from img_crm.cli.output import print_json, print_table
from img_crm.cli.session import data_folder, plainly, writing
from img_crm.domain.attachments import AttachmentKind, Owner, OwnerKind, size_text
from img_crm.errors import UserError

_KINDS = [kind.value for kind in AttachmentKind]


def _owner(args: argparse.Namespace, *, required: bool) -> Owner | None:
    given = [
        Owner(kind, getattr(args, kind.value))
        for kind in OwnerKind
        if getattr(args, kind.value, None) is not None
    ]
    if len(given) > 1:
        raise UserError("Name one record: --contact, --program, --letter or --activity.")
    if not given:
        if required:
            raise UserError(
                "Say what to attach it to: --contact ID, --program ID, --letter ID or "
                "--activity ID."
            )
        return None
    return given[0]


def add(args: argparse.Namespace) -> int:
    from img_crm.services import attachments

    owner = _owner(args, required=True)
    assert owner is not None
    files = [attachments.read_picked(Path(name)) for name in args.files]
    if args.name is not None:
        if len(files) != 1:
            raise UserError("--name renames one file; attach the files one by one.")
        files = [attachments.Picked(args.name, files[0].data)]
    kind = AttachmentKind(args.kind) if args.kind else None
    with writing(args) as session:
        ids = attachments.attach(session, owner=owner, files=files, kind=kind)
    for ident, picked in zip(ids, files, strict=True):
        print(f"Attached {picked.name} ({size_text(len(picked.data))}) as attachment {ident}.")
    return 0


def list_(args: argparse.Namespace) -> int:
    from img_crm.services.attachments import sent_to_json, to_json
    from img_crm.store import attachments, sent_files

    owner = _owner(args, required=False)
    with plainly(args) as connection:
        found = attachments.list_attachments(connection, owner=owner)
        sent = sent_files.sent_records(connection)
    given: dict[int, list[dict[str, Any]]] = {}
    for record in sent:
        given.setdefault(record.attachment_id, []).append(sent_to_json(record))
    if args.json:
        print_json([{**to_json(row), "sent_to": given.get(row.id, [])} for row in found])
        return 0
    if not found:
        print("No attachments." if owner is None else f"No attachments on that {owner.kind}.")
        return 0
    print_table(
        ["ID", "NAME", "KIND", "SIZE", "ON", "SENT TO"],
        [
            [
                str(row.id),
                row.name,
                row.kind.value,
                size_text(row.size),
                f"{row.owner.kind.value} {row.owner.id}",
                ", ".join(
                    f"{'contact' if s['contact_id'] else 'program'} "
                    f"{s['contact_id'] or s['program_id']} ({s['sent_on']})"
                    for s in given.get(row.id, [])
                )
                or "-",
            ]
            for row in found
        ],
    )
    return 0


def open_(args: argparse.Namespace) -> int:
    from img_crm.services import attachments

    with plainly(args) as connection:
        if args.to is not None:
            saved = attachments.save_copy(
                connection, attachment_id=args.id, destination=Path(args.to)
            )
            print(f"Saved a copy as {saved}.")
            return 0
        copy = attachments.write_copy_to_open(
            connection, attachment_id=args.id, data_dir=data_folder(args)
        )
    attachments.open_with_system(copy)
    print(
        f"Opened a copy: {copy} (removed by the next opening once a day old, or when the "
        "window closes)."
    )
    return 0


def rename(args: argparse.Namespace) -> int:
    from img_crm.store import attachments

    if args.name is None and args.kind is None:
        raise UserError("Give a new name, --kind, or both; nothing was changed.")
    kind = AttachmentKind(args.kind) if args.kind else None
    with writing(args) as session:
        attachments.rename_attachment(session, attachment_id=args.id, name=args.name, kind=kind)
    print(f"Attachment {args.id} changed.")
    return 0


def remove(args: argparse.Namespace) -> int:
    from img_crm.store import attachments

    count = len(set(args.ids))
    require_yes(
        args,
        f"This removes {count} attachment{'s' if count != 1 else ''} and, where nothing else "
        "names it, the file.",
        verb="remove",
        past="removed",
    )
    with writing(args) as session:
        removed = attachments.remove_attachments(session, attachment_ids=args.ids)
    print(f"Removed {removed} attachment{'s' if removed != 1 else ''}.")
    return 0


def sent_to(args: argparse.Namespace) -> int:
    from img_crm.services import attachments

    with writing(args) as session:
        count = attachments.mark_sent(
            session,
            attachment_id=args.id,
            contact_ids=args.contact or (),
            program_ids=args.program or (),
            sent_on=day(args.on),
        )
    print(f"Recorded as sent to {count} {'record' if count == 1 else 'records'}.")
    return 0


def forget_sent(args: argparse.Namespace) -> int:
    from img_crm.store import sent_files

    with writing(args) as session:
        gone = sent_files.unmark_sent(session, sent_ids=args.ids)
    print(f"Forgot {gone} sent-to record{'s' if gone != 1 else ''}.")
    return 0


def _owner_options(command: argparse.ArgumentParser) -> None:
    for kind in OwnerKind:
        command.add_argument(f"--{kind.value}", type=row_id, metavar="ID")


def register(commands: Any, common: argparse.ArgumentParser, add_command: Any) -> None:
    group = commands.add_parser(
        "attachments", help="files on contacts, programs, letters, activities", parents=[common]
    )
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    cmd = add_command(sub, "add", add, "attach files (each stored once, whoever has it)")
    cmd.add_argument("files", nargs="+", metavar="FILE")
    _owner_options(cmd)
    cmd.add_argument("--kind", choices=_KINDS, help="what it is (default: guessed from the name)")
    cmd.add_argument("--name", help="the name to show (default: the file's)")
    cmd = add_command(sub, "list", list_, "attachments, of one record or all")
    _owner_options(cmd)
    json_flag(cmd)
    cmd = add_command(sub, "open", open_, "open a copy with the system's viewer")
    cmd.add_argument("id", type=row_id)
    cmd.add_argument("--to", metavar="FILE", help="save a copy as FILE instead")
    cmd = add_command(sub, "rename", rename, "a new name or kind")
    cmd.add_argument("id", type=row_id)
    cmd.add_argument("name", nargs="?", metavar="NEW_NAME")
    cmd.add_argument("--kind", choices=_KINDS)
    cmd = add_command(sub, "remove", remove, "remove attachments")
    cmd.add_argument("ids", nargs="+", type=row_id, metavar="ID")
    yes_option(cmd, "remove them")
    cmd = add_command(sub, "sent-to", sent_to, "record who was given this version")
    cmd.add_argument("id", type=row_id)
    cmd.add_argument("--contact", type=row_id, action="append", metavar="ID")
    cmd.add_argument("--program", type=row_id, action="append", metavar="ID")
    cmd.add_argument("--on", metavar="YYYY-MM-DD", help="the day it was sent (default: today)")
    cmd = add_command(sub, "forget-sent", forget_sent, "forget sent-to records made by mistake")
    cmd.add_argument("ids", nargs="+", type=row_id, metavar="SENT_ID")
