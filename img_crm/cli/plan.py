"""``img-crm plan``: the 12-24 month plan, its tasks and their dates."""

from __future__ import annotations

import argparse
from typing import Any

from img_crm import clock
from img_crm.cli.arguments import day, json_flag, require_yes, yes_option
from img_crm.cli.output import print_json, print_table
from img_crm.cli.session import opened, reading, writing
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


def eligibility(args: argparse.Namespace) -> int:
    from img_crm.services.eligibility import checklist, to_json

    with reading(args) as session:
        items = checklist(session)
    if args.json:
        print_json(to_json(items))
        return 0
    if not items:
        print(
            "Set the match year first (settings set match_year 2027): the steps count back from it."
        )
    for c in items:
        done = f"done {c.state.done_on}" if c.state.done_on else f"due {c.due}"
        extra = f", {c.state.score}" if c.state.score else ""
        extra += f", expires {c.state.expires_on}" if c.state.expires_on else ""
        print(f"[{'x' if c.state.done_on else ' '}] {c.step.key}: {c.step.title} ({done}{extra})")
        if c.warning:
            print(f"    Warning: {c.warning}.")
    return 0


def step(args: argparse.Namespace) -> int:
    from img_crm.services.eligibility import record_step

    done = None if args.not_done else (day(args.done) or clock.today())
    with writing(args) as session:
        record_step(
            session,
            key=args.key,
            done_on=done,
            score=args.score,
            expires_on=day(args.expires),
        )
    print(f"{args.key}: {'not done' if done is None else f'done {done.isoformat()}'}.")
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
    json_flag(
        add_command(
            sub, "eligibility", eligibility, "the ECFMG and visa steps, due from the match year"
        )
    )
    cmd = add_command(sub, "step", step, "an ECFMG or visa step is done (OET: scores and expiry)")
    cmd.add_argument("key", help="the step's key, as `plan eligibility` lists it")
    cmd.add_argument("--done", metavar="YYYY-MM-DD", help="the day it was done (default today)")
    cmd.add_argument("--not-done", action="store_true", help="it is not done after all")
    cmd.add_argument("--score", help="OET's scores, such as 'B B B A' (kept if left out)")
    cmd.add_argument("--expires", metavar="YYYY-MM-DD", help="when the result expires")
    cmd = add_command(sub, "regenerate", regenerate, "make the plan again from the match year")
    yes_option(cmd, "replace every change to the plan")
