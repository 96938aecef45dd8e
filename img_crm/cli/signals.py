"""``img-crm signals`` and ``img-crm applications``: the season's signals,
where the application went, and what it costs."""

from __future__ import annotations

import argparse
from typing import Any

from img_crm.cli.arguments import day, json_flag, row_id
from img_crm.cli.output import print_json
from img_crm.cli.session import reading, writing
from img_crm.domain.signals import SignalKind, SignalRule, SignalState


def list_(args: argparse.Namespace) -> int:
    from img_crm.services.signals import planner

    with reading(args) as session:
        plan = planner(session)
    if args.json:
        print_json(plan.to_json())
        return 0
    print("Signals left:")
    for row in plan.left:
        if row.planned or row.sent or not args.placed:
            left = (
                f"{row.left} of {row.allowed} left"
                if row.left >= 0
                else f"{-row.left} more placed than the {row.allowed} the rule allows"
            )
            print(
                f"  {row.specialty}, {row.kind.value}: {left} "
                f"({row.planned} planned, {row.sent} sent)"
            )
    placed = [p for p in plan.programs if p.state is not SignalState.NONE]
    print("Placed:" if placed else "Placed: none")
    for p in placed:
        warning = plan.warnings.get(p.program_id)
        kind = p.kind.value if p.kind else ""
        said = f" - {warning}" if warning else ""
        print(f"  #{p.program_id} {p.name}: {kind} {p.state.value}{said}")
    if plan.suggestions and not args.placed:
        print("Where a signal may count most (a suggestion; nothing is placed):")
        for s in plan.suggestions:
            print(f"  #{s.program_id} {s.name}: {s.reason}")
    return 0


def set_(args: argparse.Namespace) -> int:
    from img_crm.services.signals import place_signal

    state = SignalState(args.state)
    kind = SignalKind(args.kind) if args.kind else None
    with writing(args) as session:
        kind, warning = place_signal(session, program_id=args.program_id, kind=kind, state=state)
    if state is SignalState.NONE:
        what = "signal taken back"
    elif kind in (None, SignalKind.SIGNAL):
        what = f"signal {state.value}"
    else:
        what = f"{kind.value} signal {state.value}"
    print(f"Program #{args.program_id}: {what}.")
    if warning:
        print(f"Warning: {warning}.")
    return 0


def accepts(args: argparse.Namespace) -> int:
    from img_crm.services.signals import set_accepts

    value = {"yes": True, "no": False, "unknown": None}[args.answer]
    with writing(args) as session:
        warning = set_accepts(session, program_id=args.program_id, accepts=value)
    print(f"Program #{args.program_id}: takes signals: {args.answer}.")
    if warning:
        print(f"Warning: {warning} ('signals set {args.program_id} none').")
    return 0


def rules(args: argparse.Namespace) -> int:
    from img_crm.store.signals import list_rules

    with reading(args) as session:
        found = list_rules(session)
    if args.json:
        print_json(
            [
                {
                    "specialty": r.specialty,
                    "season": r.season,
                    "gold": r.gold,
                    "silver": r.silver,
                    "signals": r.signals,
                }
                for r in found
            ]
        )
        return 0
    for r in found:
        print(f"{r.season}  {r.specialty}: {r.describe()}")
    return 0


def rule(args: argparse.Namespace) -> int:
    from img_crm.services.signals import keep_rule

    kept = SignalRule(
        " ".join(args.specialty.split()), args.season, args.gold, args.silver, args.signals
    )
    with writing(args) as session:
        keep_rule(session, rule=kept)
    print(f"{kept.season} {kept.specialty}: {kept.describe()} signals.")
    return 0


def applications_list(args: argparse.Namespace) -> int:
    from img_crm.services.signals import applications

    with reading(args) as session:
        report = applications(session)
    if args.json:
        print_json(report.to_json())
        return 0
    rule_ = report.fees.rule
    print(
        f"Fees ({rule_.season} season): ${rule_.first_price} a program for the first "
        f"{rule_.first_block} in a specialty, ${rule_.later_price} each after; no refunds."
    )
    for s in report.fees.specialties:
        step = f", {s.before_step} before the price steps up" if s.before_step else ""
        print(f"  {s.specialty}: {s.programs} programs, ${s.fee:,}{step}")
    budget = report.fees.budget
    total = f"Total: ${report.fees.total:,}"
    if budget is not None:
        over = report.fees.over_budget
        total += f" of a ${budget:,} budget" + (f" (${over:,} over)" if over else "")
    print(total)
    if report.preference.divisions:
        print(f"Preferred divisions: {', '.join(report.preference.divisions)}")
    for a in report.programs:
        where = a.division or "no US division"
        mark = {True: " (preferred)", False: " (not preferred)", None: ""}[a.preferred]
        print(f"  #{a.program_id} {a.name} [{a.specialty}] {where}{mark}, applied {a.applied_on}")
    return 0


def applications_mark(args: argparse.Namespace) -> int:
    from datetime import date

    from img_crm import clock
    from img_crm.services.signals import mark_applied

    when: date | None = None if args.undo else (day(args.on) or clock.today())
    with writing(args) as session:
        mark_applied(session, program_id=args.program_id, on=when)
    said = "not applied" if when is None else f"applied on {when.isoformat()}"
    print(f"Program #{args.program_id}: {said}.")
    return 0


def register(commands: Any, common: argparse.ArgumentParser, add_command: Any) -> None:
    group = commands.add_parser(
        "signals", help="program signals: rules, placed, left, suggested", parents=[common]
    )
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    cmd = add_command(sub, "list", list_, "signals left, placed and where they may count most")
    cmd.add_argument(
        "--placed", action="store_true", help="only the specialties and programs with signals"
    )
    json_flag(cmd)
    cmd = add_command(sub, "set", set_, "plan, send or take back a program's signal")
    cmd.add_argument("program_id", type=row_id, metavar="PROGRAM_ID")
    cmd.add_argument("state", choices=[s.value for s in SignalState], help="none takes it back")
    cmd.add_argument("--kind", choices=[k.value for k in SignalKind], help="gold, silver or signal")
    cmd = add_command(sub, "accepts", accepts, "whether a program takes signals")
    cmd.add_argument("program_id", type=row_id, metavar="PROGRAM_ID")
    cmd.add_argument("answer", choices=["yes", "no", "unknown"])
    cmd = add_command(sub, "rules", rules, "the season's signals per specialty")
    json_flag(cmd)
    cmd = add_command(sub, "rule", rule, "set a specialty's signals for a season")
    cmd.add_argument("specialty")
    cmd.add_argument("--season", required=True, help="the season the numbers are for, e.g. 2026")
    cmd.add_argument("--gold", type=int, default=0)
    cmd.add_argument("--silver", type=int, default=0)
    cmd.add_argument("--signals", type=int, default=0, help="for a specialty with one kind")

    group = commands.add_parser(
        "applications", help="where the application went, its fees and budget", parents=[common]
    )
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    cmd = add_command(sub, "list", applications_list, "programs applied to, fees, budget, regions")
    json_flag(cmd)
    cmd = add_command(sub, "mark", applications_mark, "the application went to a program")
    cmd.add_argument("program_id", type=row_id, metavar="PROGRAM_ID")
    cmd.add_argument("--on", metavar="YYYY-MM-DD", help="the day it went (default today)")
    cmd.add_argument("--undo", action="store_true", help="it did not go after all")
