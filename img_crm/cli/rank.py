"""``img-crm rank``: rate interviewed programs, order the rank lists, export them."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from img_crm.cli.arguments import json_flag, require_yes, row_id, yes_option
from img_crm.cli.output import print_json
from img_crm.cli.session import reading, writing
from img_crm.domain.ranking import PRIMARY
from img_crm.domain.text import counted


def list_(args: argparse.Namespace) -> int:
    from img_crm.services.ranking import board

    with reading(args) as session:
        found = board(session)
    if args.json:
        print_json(found.to_json())
        return 0
    if found.warning:
        print(f"Warning: {found.warning}.")
    for name, order in found.lists.items() or [(PRIMARY, [])]:
        title = "Primary list" if name == PRIMARY else f"Supplemental list {name}"
        print(f"{title}:" if order else f"{title}: empty")
        for n, program_id in enumerate(order, 1):
            print(f"  {n}. #{program_id} {found.name(program_id)}")
    print("Suggested by the ratings (a suggestion; 'rank order --suggested' applies it):")
    scores = {p.program_id: p.score for p in found.programs}
    for n, program_id in enumerate(found.suggested, 1):
        value = scores.get(program_id)
        print(
            f"  {n}. #{program_id} {found.name(program_id)}"
            + (f" ({value:.2f})" if value else " (not rated)")
        )
    return 0


def rate(args: argparse.Namespace) -> int:
    from img_crm.services.ranking import rate as give

    with writing(args) as session:
        give(session, program_id=args.program_id, criterion=args.criterion, rating=args.rating)
    given = args.rating if args.rating else "not rated"
    print(f"Program #{args.program_id}: {args.criterion} {given}.")
    return 0


def criterion(args: argparse.Namespace) -> int:
    """Add a criterion, re-weight, rename or remove it (removing asks --yes)."""
    from img_crm.errors import UserError
    from img_crm.services import ranking

    if args.remove and (args.weight is not None or args.rename):
        raise UserError("--remove takes no --weight or --rename; nothing was changed.")
    if not args.remove and args.weight is None and not args.rename:
        raise UserError("Say --weight N, --rename NEW or --remove; nothing was changed.")
    with writing(args) as session:
        if args.remove:
            held = ranking.criterion_ratings(session, name=args.name)
            ratings = counted(held, "rating", "ratings")
            require_yes(args, f"Removing {args.name} deletes its {ratings}.")
            ranking.remove_criterion(session, name=args.name)
            print(f"Criterion {args.name} removed, with its {ratings}.")
            return 0
        name = args.name
        if args.rename:
            ranking.rename_criterion(session, name=name, new_name=args.rename)
            name = " ".join(args.rename.split())
            print(f"Criterion {args.name} is now {name}.")
        if args.weight is not None:
            ranking.keep_criterion(session, name=name, weight=args.weight)
            print(f"Criterion {name}: weight {args.weight}.")
    return 0


def notes(args: argparse.Namespace) -> int:
    from img_crm.errors import UserError
    from img_crm.services.ranking import rate_program

    if args.pros is None and args.cons is None:
        raise UserError("Say --pros TEXT, --cons TEXT or both; nothing was changed.")
    with writing(args) as session:
        changed = rate_program(
            session, program_id=args.program_id, ratings={}, pros=args.pros, cons=args.cons
        )
    print(
        f"Program #{args.program_id}: pros and cons kept."
        if changed
        else f"Program #{args.program_id}: pros and cons were already so."
    )
    return 0


def put(args: argparse.Namespace) -> int:
    from img_crm.services.ranking import put as place

    with writing(args) as session:
        at = place(session, program_id=args.program_id, position=args.position, list_name=args.list)
    print(f"Program #{args.program_id} at {at} on the {args.list} list.")
    return 0


def remove(args: argparse.Namespace) -> int:
    from img_crm.services.ranking import remove as take_off

    with writing(args) as session:
        take_off(session, program_id=args.program_id, list_name=args.list)
    print(f"Program #{args.program_id} taken off the {args.list} list.")
    return 0


def order(args: argparse.Namespace) -> int:
    from img_crm.services.ranking import use_suggestion

    with writing(args) as session:
        ids = use_suggestion(session)
    print(f"The primary list now follows the ratings: {len(ids)} programs.")
    return 0


def export(args: argparse.Namespace) -> int:
    from img_crm.services.atomic import refuse_protected
    from img_crm.services.exports import PdfWriter
    from img_crm.services.rank_export import export_list

    destination = Path(args.file)
    refuse_protected(destination)
    writer: PdfWriter | None = None
    if destination.suffix.casefold() == ".pdf":
        from img_crm.app import write_pdf  # Qt draws the PDF; loaded only for it

        writer = write_pdf
    with reading(args) as session:
        count = export_list(session, destination, list_name=args.list, write_pdf=writer)
    print(f"Wrote {counted(count, 'rank', 'ranks')} to {destination}.")
    from img_crm.cli.unlocking import warn_unprotected

    warn_unprotected(args)
    return 0


def certify(args: argparse.Namespace) -> int:
    from img_crm.services.ranking import certify as certified

    with writing(args) as session:
        certified(session)
    print("Certified today: a later change to a list will ask for certifying again.")
    return 0


def history(args: argparse.Namespace) -> int:
    from img_crm.store.ranking import history as changes

    with reading(args) as session:
        rows = [(c.changed_at, c.list_name, c.what) for c in changes(session)]
    if args.json:
        print_json([{"changed_at": a.isoformat(), "list": b, "what": c} for a, b, c in rows])
        return 0
    for at, name, what in rows:  # a rating's or a criterion's line names no list
        print(f"{at:%Y-%m-%d %H:%M}  {name + ': ' if name else ''}{what}")
    return 0


def register(commands: Any, common: argparse.ArgumentParser, add_command: Any) -> None:
    group = commands.add_parser(
        "rank", help="the rank order list: ratings, order, export", parents=[common]
    )
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    json_flag(add_command(sub, "list", list_, "the lists, the deadline and the suggested order"))
    cmd = add_command(sub, "rate", rate, "rate a program on one criterion (1-5)")
    cmd.add_argument("program_id", type=row_id, metavar="PROGRAM_ID")
    cmd.add_argument("criterion", help="Visa, IMG support, Location, Fit...")
    cmd.add_argument("rating", type=int, nargs="?", help="1 to 5 (leave out to clear)")
    cmd = add_command(
        sub, "criterion", criterion, "add a criterion, change its weight, rename or remove it"
    )
    cmd.add_argument("name")
    cmd.add_argument("--weight", type=int, help="0 to 10 (0: not counted)")
    cmd.add_argument("--rename", metavar="NEW", help="a new name (its ratings stay)")
    cmd.add_argument("--remove", action="store_true", help="remove it and its ratings")
    yes_option(cmd, "say it: the criterion's ratings are deleted")
    cmd = add_command(sub, "notes", notes, "a program's pros and cons (replaces what was there)")
    cmd.add_argument("program_id", type=row_id, metavar="PROGRAM_ID")
    cmd.add_argument("--pros", help="what speaks for it")
    cmd.add_argument("--cons", help="what speaks against it")
    for name, handler, what in (
        ("put", put, "put a program at a place on a list (moving it there)"),
        ("remove", remove, "take a program off a list"),
    ):
        cmd = add_command(sub, name, handler, what)
        cmd.add_argument("program_id", type=row_id, metavar="PROGRAM_ID")
        if name == "put":
            cmd.add_argument("position", type=int, help="1 is first")
        cmd.add_argument(
            "--list", default=PRIMARY, help="a supplemental list's name (default primary)"
        )
    add_command(sub, "order", order, "order the primary list as the ratings suggest").add_argument(
        "--suggested", action="store_true", required=True, help="say it: the list is replaced"
    )
    cmd = add_command(sub, "export", export, "a list as CSV or PDF, to copy into the NRMP system")
    cmd.add_argument("file", metavar="FILE.csv|FILE.pdf")
    cmd.add_argument("--list", default=PRIMARY)
    add_command(sub, "certify", certify, "say you certified the lists in the NRMP system today")
    json_flag(add_command(sub, "history", history, "every change to the lists, dated"))
