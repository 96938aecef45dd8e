"""``img-crm rank``: rate interviewed programs, order the rank lists, export them."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from img_crm.cli.arguments import json_flag, row_id
from img_crm.cli.output import print_json
from img_crm.cli.session import reading, writing
from img_crm.domain.ranking import PRIMARY


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
    from img_crm.services.ranking import keep_criterion

    with writing(args) as session:
        keep_criterion(session, name=args.name, weight=args.weight)
    print(f"Criterion {args.name}: weight {args.weight}.")
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
    from img_crm.services.ranking import export_csv

    destination = Path(args.file)
    refuse_protected(destination)
    with reading(args) as session:
        count = export_csv(session, destination, list_name=args.list)
    print(f"Wrote {count} ranks to {destination}.")
    return 0


def history(args: argparse.Namespace) -> int:
    from img_crm.store.ranking import history as changes

    with reading(args) as session:
        rows = [(c.changed_at, c.list_name, c.what) for c in changes(session)]
    if args.json:
        print_json([{"changed_at": a.isoformat(), "list": b, "what": c} for a, b, c in rows])
        return 0
    for at, name, what in rows:
        print(f"{at:%Y-%m-%d %H:%M}  {name}: {what}")
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
    cmd = add_command(sub, "criterion", criterion, "add a criterion or change its weight")
    cmd.add_argument("name")
    cmd.add_argument("--weight", type=int, required=True, help="0 to 10")
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
    cmd = add_command(sub, "export", export, "the list as CSV, to copy into the NRMP system")
    cmd.add_argument("file", metavar="FILE.csv")
    cmd.add_argument("--list", default=PRIMARY)
    json_flag(add_command(sub, "history", history, "every change to the lists, dated"))
