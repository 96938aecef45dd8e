"""``img-crm plan``: the 12-24 month plan, its tasks and their dates."""

from __future__ import annotations

import argparse
from typing import Any

from img_crm import clock
from img_crm.cli.arguments import day, json_flag, require_yes, yes_option
from img_crm.cli.output import print_json, print_table
from img_crm.cli.session import opened, writing
from img_crm.domain.plan import PHASE_TEXT, Task
from img_crm.errors import UserError


def _tasks(args: argparse.Namespace) -> list[Task]:
    """The stored plan, made from the match year the first time (shown unsaved
    where the store can only be read)."""
    from img_crm.services.plan import current_plan, ensure_plan

    with opened(args) as store:
        if store.read_only is not None:
            with store.reading() as session:
                return current_plan(session)
        with store.session() as session:
            return ensure_plan(session)


def show(args: argparse.Namespace) -> int:
    from img_crm.services.plan import plan_json

    tasks = _tasks(args)
    today = clock.today()
    if args.json:
        print_json(plan_json(tasks, today))
        return 0
    print_table(
        ["KEY", "START", "END", "PHASE", "TASK", ""],
        [
            [
                t.key,
                t.start.isoformat(),
                t.end.isoformat(),
                PHASE_TEXT[t.phase],
                t.title,
                "done" if t.done else "late" if t.late(today) else "",
            ]
            for t in tasks
        ],
    )
    return 0


def edit(args: argparse.Namespace) -> int:
    from img_crm.store.plan import update_task

    _tasks(args)  # the plan exists before one of its tasks changes
    if args.title is None and args.start is None and args.days is None and args.done is None:
        raise UserError("Give at least one of --title, --start, --days or --done.")
    with writing(args) as session:
        update_task(
            session,
            key=args.key,
            title=args.title,
            start=day(args.start),
            days=args.days,
            done=None if args.done is None else args.done == "yes",
        )
    print(f"Changed the task {args.key}; the tasks after it moved with it.")
    return 0


def regenerate(args: argparse.Namespace) -> int:
    from img_crm.services.plan import ensure_plan
    from img_crm.store.plan import save_plan

    require_yes(
        args,
        "Making the plan again from the match year replaces every change to it.",
        verb="do it",
        past="changed",
    )
    with writing(args) as session:
        save_plan(session, tasks=[])
        tasks = ensure_plan(session)
    print(f"The plan was made again: {len(tasks)} tasks.")
    return 0


def register(commands: Any, common: argparse.ArgumentParser, add_command: Any) -> None:
    group = commands.add_parser("plan", help="the 12-24 month plan", parents=[common])
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    json_flag(add_command(sub, "show", show, "the plan's tasks with dates"))
    cmd = add_command(sub, "edit", edit, "change one task (the tasks after it move)")
    cmd.add_argument("key", help="the task's key, as `plan show` lists it")
    cmd.add_argument("--title")
    cmd.add_argument("--start", metavar="YYYY-MM-DD")
    cmd.add_argument("--days", type=int)
    cmd.add_argument("--done", choices=["yes", "no"])
    cmd = add_command(sub, "regenerate", regenerate, "make the plan again from the match year")
    yes_option(cmd, "replace every change to the plan")
