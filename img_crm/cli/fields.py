"""``img-crm fields``: define, list, rename and remove fields of your own on
contacts, programs and letters (#24); values are set with ``--field
NAME=VALUE`` on ``contacts edit``, ``programs edit`` and ``letters edit``."""

from __future__ import annotations

import argparse
from typing import Any

from img_crm.cli.arguments import json_flag, require_yes, row_id, yes_option
from img_crm.cli.output import print_json, print_table
from img_crm.cli.session import plainly, writing
from img_crm.domain.custom_fields import FieldKind, RecordKind

_RECORDS = [r.value for r in RecordKind]
_KINDS = [k.value for k in FieldKind]


def define(args: argparse.Namespace) -> int:
    from img_crm.services.custom_fields import define as define_field

    with writing(args) as session:
        ident = define_field(
            session,
            record=RecordKind(args.record),
            name=args.name,
            kind=FieldKind(args.kind),
            choices=args.choice or (),
        )
    print(f"Defined the {args.record} field {args.name.strip()!r} as field {ident}.")
    return 0


def list_(args: argparse.Namespace) -> int:
    from img_crm.services.custom_fields import fields_json

    record = RecordKind(args.record) if args.record else None
    with plainly(args) as connection:
        data = fields_json(connection, record=record)
    if args.json:
        print_json(data)
        return 0
    if not data:
        print("No fields of your own yet: img-crm fields define contact 'Visa status' --kind text")
        return 0
    print_table(
        ["ID", "RECORD", "NAME", "KIND", "CHOICES"],
        [
            [str(f["id"]), f["record"], f["name"], f["kind"], ", ".join(f["choices"]) or "-"]
            for f in data
        ],
    )
    return 0


def change(args: argparse.Namespace) -> int:
    from img_crm.store.custom_fields import change_field

    with writing(args) as session:
        change_field(session, field_id=args.id, name=args.name, choices=args.choice)
    print(f"Field {args.id} changed.")
    return 0


def remove(args: argparse.Namespace) -> int:
    from img_crm.store.custom_fields import get_field, remove_field, values_of

    with plainly(args) as connection:
        field = get_field(connection, field_id=args.id)
        held = sum(
            1 for values in values_of(connection, record=field.record).values() if args.id in values
        )
    require_yes(
        args,
        f"This removes the field {field.name!r} and its value on {held} "
        f"{field.record.value}{'s' if held != 1 else ''}.",
        verb="remove",
        past="removed",
    )
    with writing(args) as session:
        remove_field(session, field_id=args.id)
    print(f"Removed the field {field.name!r}.")
    return 0


def register(commands: Any, common: argparse.ArgumentParser, add_command: Any) -> None:
    group = commands.add_parser(
        "fields", help="fields of your own on contacts, programs, letters", parents=[common]
    )
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    cmd = add_command(sub, "define", define, "a new field (text, number, date, yes-no, choice)")
    cmd.add_argument("record", choices=_RECORDS)
    cmd.add_argument("name")
    cmd.add_argument("--kind", choices=_KINDS, default="text")
    cmd.add_argument("--choice", action="append", metavar="WORDS", help="a choice (repeatable)")
    cmd = add_command(sub, "list", list_, "your fields")
    cmd.add_argument("record", nargs="?", choices=_RECORDS)
    json_flag(cmd)
    cmd = add_command(sub, "change", change, "a field's new name or choices")
    cmd.add_argument("id", type=row_id)
    cmd.add_argument("--name")
    cmd.add_argument("--choice", action="append", metavar="WORDS", help="the choices, all of them")
    cmd = add_command(sub, "remove", remove, "remove a field and its values")
    cmd.add_argument("id", type=row_id)
    yes_option(cmd, "remove it")
