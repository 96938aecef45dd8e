"""The ``img-crm`` command: starts the GUI, or runs one subcommand on the store.

Exit codes: 0 success; 1 refused or bad input (one sentence on stderr, no
traceback); 2 usage error (argparse's own).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from img_crm import APP_NAME, __version__, paths
from img_crm.errors import UserError

Handler = Callable[[argparse.Namespace], int]


def _json_default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max([_width(h), *(_width(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    for line in [headers, *rows]:
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(line)]
        print("  ".join(cells).rstrip())


def _open(args: argparse.Namespace) -> Any:
    from img_crm.store.db import open_store

    return open_store(paths.data_dir(args.data_dir))


# --- handlers ---------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from img_crm.services.demo import load_demo

    store = _open(args)
    with store.session() as session:
        summary = load_demo(session)
    print(
        f"Sample data added: {summary.contacts} contacts, {summary.programs} programs, "
        f"{summary.activities} activities, {summary.letters} letters."
    )
    return 0


def cmd_contacts_add(args: argparse.Namespace) -> int:
    from img_crm.store.contacts import add_contact

    data: dict[str, Any] = {"name": args.name}
    for field in ("email", "role", "institution", "specialty", "stage", "tags"):
        value = getattr(args, field)
        if value is not None:
            data[field] = value
    store = _open(args)
    with store.session() as session:
        contact_id = add_contact(session, data=data)
    print(contact_id)
    return 0


def cmd_contacts_list(args: argparse.Namespace) -> int:
    from img_crm.store.contacts import list_contacts

    store = _open(args)
    with store.session() as session:
        rows = list_contacts(session, stage=args.stage)
    if args.json:
        _print_json(
            [
                {
                    "id": r.id,
                    "name": r.name,
                    "title": r.title,
                    "role": r.role,
                    "institution": r.institution,
                    "specialty": r.specialty,
                    "email": r.email,
                    "stage": r.stage,
                    "tags": list(r.tags),
                    "first_contacted": r.first_contacted,
                    "last_interaction": r.last_interaction,
                    "next_follow_up": r.next_follow_up,
                }
                for r in rows
            ]
        )
        return 0
    table = [[str(r.id), r.stage, r.name, r.institution, r.email, ", ".join(r.tags)] for r in rows]
    _print_table(["ID", "STAGE", "NAME", "INSTITUTION", "EMAIL", "TAGS"], table)
    return 0


def cmd_settings_show(args: argparse.Namespace) -> int:
    from img_crm.domain.profile import PROFILE_KEYS
    from img_crm.services.profile import load_profile

    store = _open(args)
    with store.session() as session:
        profile = load_profile(session)
    values = {key: getattr(profile, key) for key in PROFILE_KEYS}
    values["visa"] = profile.visa.value
    if args.json:
        _print_json(values)
        return 0
    for key, value in values.items():
        print(f"{key} = {value if value not in ('', None) else '(not set)'}")
    return 0


def cmd_settings_set(args: argparse.Namespace) -> int:
    from img_crm.services.profile import save_profile_values

    store = _open(args)
    with store.session() as session:
        save_profile_values(session, values={args.key: args.value})
    return 0


def cmd_export_contacts(args: argparse.Namespace) -> int:
    from img_crm.services.csv_io import write_contacts_csv
    from img_crm.store.contacts import list_contacts

    store = _open(args)
    with store.session() as session:
        rows = list_contacts(session)
    count = write_contacts_csv(rows, Path(args.file))
    print(f"Exported {count} contacts to {args.file}.")
    return 0


def cmd_export_json(args: argparse.Namespace) -> int:
    from img_crm.services.json_io import write_store_json

    store = _open(args)
    with store.session() as session:
        counts = write_store_json(session, Path(args.file))
    print(f"Exported {sum(counts.values())} rows in {len(counts)} tables to {args.file}.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from img_crm.store.health import check_store
    from img_crm.store.migrations import check_version

    store_file = paths.store_path(paths.data_dir(args.data_dir))
    if not store_file.exists():
        raise UserError(f"There is no store at {store_file}.")
    version = check_version(store_file)
    report = check_store(store_file)
    print(f"store: {store_file} (data version {version})")
    print("integrity_check: " + "; ".join(report.integrity))
    print("foreign_key_check: " + ("ok" if not report.foreign_keys else ""))
    for problem in report.foreign_keys:
        print(f"  {problem}")
    if not report.clean:
        print("The store has problems; see above.", file=sys.stderr)
        return 1
    return 0


# --- parser -------------------------------------------------------------------


def _data_dir_option(parser: argparse.ArgumentParser, *, default: Any) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help=f"folder of the store (default: ${paths.ENV_VAR} or the user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=APP_NAME,
        description="Private, offline relationship manager for IMGs building US residency "
        "sponsorship. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    _data_dir_option(parser, default=None)
    # Subparsers accept --data-dir too; SUPPRESS keeps a value given before the command.
    common = argparse.ArgumentParser(add_help=False)
    _data_dir_option(common, default=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(sub: Any, name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        command: argparse.ArgumentParser = sub.add_parser(
            name, help=help_text, description=help_text, parents=[common]
        )
        command.set_defaults(handler=handler)
        return command

    add(commands, "demo", cmd_demo, "fill an empty store with sample data")
    add(commands, "check", cmd_check, "check the store's integrity and references")

    contacts = commands.add_parser("contacts", help="add or list contacts", parents=[common])
    contacts_sub = contacts.add_subparsers(dest="action", metavar="ACTION", required=True)
    add_cmd = add(contacts_sub, "add", cmd_contacts_add, "add a contact and print its id")
    add_cmd.add_argument("--name", required=True)
    for option in ("email", "role", "institution", "specialty"):
        add_cmd.add_argument(f"--{option}")
    add_cmd.add_argument("--stage", help="cold, warm, mentor or sponsor (default cold)")
    add_cmd.add_argument("--tags", help="comma-separated, e.g. research,alumni")
    list_cmd = add(contacts_sub, "list", cmd_contacts_list, "list contacts")
    list_cmd.add_argument("--stage", choices=["cold", "warm", "mentor", "sponsor"])
    list_cmd.add_argument("--json", action="store_true", help="print JSON")

    settings = commands.add_parser("settings", help="show or change the profile", parents=[common])
    settings_sub = settings.add_subparsers(dest="action", metavar="ACTION", required=True)
    show_cmd = add(settings_sub, "show", cmd_settings_show, "show the profile settings")
    show_cmd.add_argument("--json", action="store_true", help="print JSON")
    set_cmd = add(settings_sub, "set", cmd_settings_set, "change one profile setting")
    set_cmd.add_argument(
        "key", help="target_specialty, backup_specialty, match_year, home_timezone or visa"
    )
    set_cmd.add_argument("value")

    export = commands.add_parser("export", help="write data to a file", parents=[common])
    export_sub = export.add_subparsers(dest="action", metavar="WHAT", required=True)
    add(export_sub, "contacts", cmd_export_contacts, "contacts as CSV").add_argument("file")
    add(export_sub, "json", cmd_export_json, "the whole store as JSON").add_argument("file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    try:
        if handler is None:
            from img_crm.app import run_gui

            return int(run_gui(paths.data_dir(args.data_dir)))
        return handler(args)
    except UserError as exc:
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (e.g. `head`) went away; say nothing more.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
