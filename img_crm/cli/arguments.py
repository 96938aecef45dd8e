"""Argument types and options every command group shares."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import Any

from img_crm.domain.custom_fields import RecordKind
from img_crm.domain.limits import day_problem, id_problem, moment_problem
from img_crm.errors import UserError


def row_id(text: str) -> int:
    """An id argument: a whole number SQLite can hold, from 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id (a whole number from 1)") from None
    if id_problem(value):
        shown = text if len(text) <= 24 else text[:21] + "..."
        raise argparse.ArgumentTypeError(f"{shown} is not an id (a whole number from 1)")
    return value


def day(text: str | None) -> date | None:
    """``--date YYYY-MM-DD``, within the dates img-crm stores."""
    if text is None:
        return None
    try:
        value = date.fromisoformat(text)
    except ValueError as exc:
        raise UserError(f"{text!r} is not a date; use YYYY-MM-DD.") from exc
    problem = day_problem(value)
    if problem:
        raise UserError(f"The date {problem}.")
    return value


def local_moment(text: str, *, what: str = "time") -> datetime:
    """``"YYYY-MM-DD HH:MM"``, within the dates img-crm stores."""
    try:
        value = datetime.strptime(text, "%Y-%m-%d %H:%M")
    except ValueError:
        raise UserError(f'{text!r} is not a time; use "YYYY-MM-DD HH:MM".') from None
    problem = moment_problem(value)
    if problem:
        raise UserError(f"The {what}'s date {problem}.")
    return value


def json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON")


def changes(args: argparse.Namespace, fields: dict[str, str]) -> dict[str, Any]:
    """``{field: value}`` for the options the user gave (``option -> field``)."""
    return {
        field: getattr(args, option)
        for option, field in fields.items()
        if getattr(args, option, None) is not None
    }


def yes_option(command: argparse.ArgumentParser, help_text: str) -> None:
    """``--yes``, which a command that destroys data needs before it acts."""
    command.add_argument("--yes", action="store_true", help=help_text)


def require_yes(
    args: argparse.Namespace, consequence: str, *, verb: str = "delete", past: str = "deleted"
) -> None:
    """Refuse, saying what would be lost, unless ``--yes`` was given."""
    if not args.yes:
        raise UserError(f"{consequence} Run it again with --yes to {verb}; nothing was {past}.")


def field_option(command: argparse.ArgumentParser) -> None:
    """``--field NAME=VALUE`` (repeatable) on a record's edit command."""
    command.add_argument(
        "--field",
        action="append",
        metavar="NAME=VALUE",
        help="a field of your own (repeatable; NAME= clears it)",
    )


def set_fields(session: Any, args: argparse.Namespace, record: RecordKind, record_id: int) -> bool:
    """Write the command's ``--field`` values; False when it gave none."""
    if not getattr(args, "field", None):
        return False
    from img_crm.services.custom_fields import parse_assignments, set_by_name

    set_by_name(session, record=record, record_id=record_id, values=parse_assignments(args.field))
    return True
