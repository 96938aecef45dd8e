"""``img-crm templates``: list, show, fill, add, edit, delete and reset templates."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from img_crm import APP_NAME
from img_crm.cli.arguments import json_flag, row_id
from img_crm.cli.output import print_json, print_table
from img_crm.cli.session import opened, reading, writing
from img_crm.errors import UserError


def _seed(args: argparse.Namespace) -> None:
    """The built-in templates are stored on first use (a store that can only be
    read shows them unsaved)."""
    from img_crm.store.templates import ensure_builtins, missing_builtins

    with opened(args) as store:
        if store.read_only is not None:
            return
        with store.reading() as session:
            if not missing_builtins(session):
                return
        with store.session() as session:
            ensure_builtins(session)


def list_(args: argparse.Namespace) -> int:
    from img_crm.services.templates import templates_json

    _seed(args)
    with reading(args) as session:
        data = templates_json(session)
    if args.json:
        print_json(data)
        return 0
    print_table(
        ["ID", "NAME", "SENT", "REPLIED", "RATE"],
        [
            [
                str(r["id"] or "-"),
                str(r["name"]),
                str(r["sent"]),
                str(r["replied"]),
                f"{r['reply_rate']:.0%}" if r["reply_rate"] is not None else "-",
            ]
            for r in data["templates"]
        ],
    )
    total = data["overall"]
    print(
        f"\nAll outreach: {total['sent']} sent, {total['replied']} replied "
        f"({total['reply_rate']:.0%}; 6-10% is normal)"
    )
    return 0


def show(args: argparse.Namespace) -> int:
    from img_crm.domain.templates import placeholders
    from img_crm.store.templates import find_template

    _seed(args)
    with reading(args) as session:
        template = find_template(session, name=args.name)
    data = {
        "id": template.id,
        "name": template.name,
        "builtin": template.builtin,
        "subject": template.subject,
        "body": template.body,
        "placeholders": placeholders(f"{template.subject}\n{template.body}"),
    }
    if args.json:
        print_json(data)
    else:
        print(f"{template.name}\nSubject: {template.subject}\n\n{template.body}")
    return 0


def render(args: argparse.Namespace) -> int:
    from img_crm.domain.templates import FROM_PROFILE, fill, placeholders
    from img_crm.services.templates import placeholder_values
    from img_crm.store.templates import find_template

    extra: dict[str, str] = {}
    for item in args.set or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise UserError(f"--set takes NAME=VALUE, not {item!r}.")
        extra[key.strip()] = value
    _seed(args)
    with reading(args) as session:
        template = find_template(session, name=args.name)
        values = placeholder_values(
            session, contact_id=args.contact, extra=extra, program_id=args.program
        )
    used = set(placeholders(f"{template.subject}\n{template.body}"))
    for key in extra:
        if key not in used:
            print(
                f"warning: --set {key}: {template.name!r} has no {{{key}}}; it uses "
                + (", ".join(sorted(used)) or "no placeholders")
                + ".",
                file=sys.stderr,
            )
    filled = fill(template.subject, template.body, values)
    if filled.missing:
        own = [key for key in filled.missing if key in FROM_PROFILE]
        others = [key for key in filled.missing if key not in FROM_PROFILE]
        steps = []
        if own:
            steps.append(
                "set your own once with "
                + " and ".join(f'{APP_NAME} settings set {key} "VALUE"' for key in own)
            )
        if others:
            steps.append("add " + " ".join(f'--set {key}="VALUE"' for key in others))
        raise UserError(
            f"{template.name!r} still needs "
            + ", ".join(filled.missing)
            + "; "
            + "; ".join(steps)
            + "."
        )
    print(f"Subject: {filled.subject}\n\n{filled.body}")
    return 0


def save(args: argparse.Namespace) -> int:
    from img_crm.store.templates import find_template, save_template

    _seed(args)
    with writing(args) as session:
        existing = find_template(session, name=args.name) if args.action == "edit" else None
        template_id = save_template(
            session,
            name=args.new_name or (existing.name if existing else args.name),
            subject=args.subject
            if args.subject is not None
            else (existing.subject if existing else ""),
            body=args.body if args.body is not None else (existing.body if existing else ""),
            template_id=existing.id if existing else None,
        )
    print(template_id)
    return 0


def delete(args: argparse.Namespace) -> int:
    from img_crm.store.templates import delete_template

    with writing(args) as session:
        delete_template(session, template_id=args.id)
    print(f"Deleted template #{args.id}.")
    return 0


def reset(args: argparse.Namespace) -> int:
    from img_crm.store.templates import reset_builtins

    with writing(args) as session:
        reset_builtins(session)
    print("The built-in templates have their shipped words again.")
    return 0


def register(commands: Any, common: argparse.ArgumentParser, add_command: Any) -> None:
    group = commands.add_parser("templates", help="outreach templates", parents=[common])
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    json_flag(add_command(sub, "list", list_, "templates with reply rates"))
    cmd = add_command(sub, "show", show, "one template's words and placeholders")
    cmd.add_argument("name", metavar="TEMPLATE", help="name or id")
    json_flag(cmd)
    cmd = add_command(sub, "render", render, "fill a template for a contact")
    cmd.add_argument("name", metavar="TEMPLATE", help="name or id")
    cmd.add_argument("--contact", type=row_id, required=True, metavar="ID")
    cmd.add_argument(
        "--program",
        type=row_id,
        metavar="ID",
        help="the program it is about: fills {program} and {interview_date}",
    )
    cmd.add_argument(
        "--set", action="append", metavar="NAME=VALUE", help="a placeholder's value (repeatable)"
    )
    cmd = add_command(sub, "add", save, "add a template; prints its id")
    cmd.add_argument("name")
    cmd.add_argument("--subject", default="")
    cmd.add_argument("--body", required=True, help="the message, with {placeholders}")
    cmd.set_defaults(new_name=None)
    cmd = add_command(sub, "edit", save, "change a template (built-ins too; reset undoes that)")
    cmd.add_argument("name", metavar="TEMPLATE", help="name or id")
    cmd.add_argument("--name", dest="new_name", metavar="NEW_NAME")
    cmd.add_argument("--subject")
    cmd.add_argument("--body")
    cmd = add_command(sub, "delete", delete, "delete one of your own templates")
    cmd.add_argument("id", type=row_id)
    add_command(sub, "reset", reset, "give the built-in templates their shipped words back")
