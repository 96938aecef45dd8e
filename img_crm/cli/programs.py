"""``img-crm programs``: the residency target list, ties, interviews and questions."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from img_crm.cli.arguments import (
    changes,
    field_option,
    json_flag,
    local_moment,
    require_yes,
    row_id,
    yes_option,
)
from img_crm.cli.output import print_fields, print_json, print_own_fields, print_table
from img_crm.cli.session import reading, writing
from img_crm.domain.enums import ApplicationStatus, ProgramType, ProgramVisa, TieKind, values
from img_crm.errors import UserError

FIELD_OPTIONS = {
    "name": "name",
    "institution": "institution",
    "specialty": "specialty",
    "city": "city",
    "state": "state",
    "website": "website",
    "timezone": "timezone",
    "notes": "notes",
    "type": "program_type",
    "tier": "tier",
    "visa": "visa",
    "img_share": "img_share",
    "status": "application_status",
}
#: ``--option``: (field, value) for the yes/no signals and red flags.
FLAG_OPTIONS = {
    "visa_info": "signal_visa_info",
    "img_residents": "signal_img_residents",
    "img_mentorship": "signal_img_mentorship",
    "pd_replied": "signal_pd_replied",
    "no_visa": "flag_no_visa",
    "no_img": "flag_no_img",
    "no_reply": "flag_no_reply",
}


def _data(args: argparse.Namespace) -> dict[str, Any]:
    data = changes(args, FIELD_OPTIONS)
    for option, field in FLAG_OPTIONS.items():
        value = getattr(args, option, None)
        if value is not None:
            data[field] = value == "yes"
    return data


def add(args: argparse.Namespace) -> int:
    from img_crm.store.programs import add_program

    with writing(args) as session:
        program_id = add_program(session, data=_data(args))
    print(program_id)
    return 0


def list_(args: argparse.Namespace) -> int:
    from img_crm.services.programs import program_view

    with reading(args) as session:
        view = program_view(session)
    if args.json:
        print_json(view.to_json())
        return 0
    table = []
    for r in view.rows:
        status = view.statuses[r.id]
        notes = status.warnings + (["suggest tier 1"] if status.suggest_tier_1 else [])
        table.append(
            [
                str(r.id),
                str(r.tier or "-"),
                r.name,
                r.state,
                r.visa,
                r.application_status,
                "; ".join(notes),
            ]
        )
    print_table(["ID", "TIER", "NAME", "STATE", "VISA", "STATUS", "NOTES"], table)
    print(
        "tiers: "
        + ", ".join(f"{t.tier}: {t.count} (aim {t.low}-{t.high}, {t.state})" for t in view.tiers)
    )
    return 0


def show(args: argparse.Namespace) -> int:
    from img_crm.services.programs import program_detail_json

    with reading(args) as session:
        data = program_detail_json(session, program_id=args.id)
    if args.json:
        print_json(data)
        return 0
    print_fields({k: v for k, v in data.items() if not isinstance(v, list | dict)})
    print_own_fields(data["fields"])
    for tie in data["ties"]:
        print(f"  tie: #{tie['contact_id']} {tie['contact']} ({tie['kind']})")
    for question in data["questions"]:
        print(
            f"  question #{question['id']}: {question['question']} -> {question['answer'] or '-'}"
        )
    return 0


def edit(args: argparse.Namespace) -> int:
    from img_crm.cli.arguments import set_fields
    from img_crm.domain.custom_fields import RecordKind
    from img_crm.store.programs import update_program

    data = _data(args)
    if not data and not args.field:
        raise UserError(
            "Give at least one field to change, such as --tier, --visa or --field NAME=VALUE."
        )
    with writing(args) as session:
        if data:
            update_program(session, program_id=args.id, changes=data)
        set_fields(session, args, RecordKind.PROGRAM, args.id)
    print(f"Changed program #{args.id}.")
    return 0


def delete(args: argparse.Namespace) -> int:
    from img_crm.store.programs import delete_programs, get_program
    from img_crm.store.signals import season_of

    with writing(args) as session:
        for program_id in args.ids:
            get_program(session, program_id=program_id)  # every one exists, or none goes
        season = ", ".join(
            f"{what}: {n}" for what, n in season_of(session, program_ids=args.ids).items() if n
        )
        from img_crm.domain.attachments import OwnerKind
        from img_crm.store.attachments import files_going_with

        files = files_going_with(session, kind=OwnerKind.PROGRAM, ids=args.ids)
        require_yes(
            args,
            f"Deleting {len(args.ids)} program(s) also deletes their ties, questions, "
            f"attached files ({files}) and letter assignments"
            + (
                f", and their season: {season} (MyERAS keeps a sent signal, ERAS refunds no fee)"
                if season
                else ""
            )
            + "; activities there stay in the log.",
        )
        deleted = delete_programs(session, program_ids=args.ids)
    print(f"Deleted {deleted} program(s).")
    return 0


def tie(args: argparse.Namespace) -> int:
    from img_crm.store.programs import tie_contact, untie_contact

    with writing(args) as session:
        if args.remove:
            untie_contact(
                session, program_id=args.program_id, contact_id=args.contact_id, kind=args.kind
            )
        else:
            tie_contact(
                session, program_id=args.program_id, contact_id=args.contact_id, kind=args.kind
            )
    return 0


def interview(args: argparse.Namespace) -> int:
    from img_crm.services.profile import load_profile
    from img_crm.services.programs import interview_text
    from img_crm.store.programs import clear_interview, get_program, set_interview

    if args.clear:
        with writing(args) as session:
            row = get_program(session, program_id=args.program_id)
            clear_interview(session, program_id=args.program_id)
        print(f"{row.name}: no interview now (its status is still {row.application_status}).")
        return 0
    local = local_moment(args.at, what="interview")
    with writing(args) as session:
        set_interview(session, program_id=args.program_id, local=local)
        row = get_program(session, program_id=args.program_id)
        home = load_profile(session).home_timezone
    print(f"{row.name}: {interview_text(row, home)}")
    return 0


def question(args: argparse.Namespace) -> int:
    from img_crm.store.programs import add_question

    with writing(args) as session:
        question_id = add_question(session, program_id=args.program_id, question=args.text)
    print(question_id)
    return 0


def answer(args: argparse.Namespace) -> int:
    from img_crm.store.programs import set_answer

    with writing(args) as session:
        set_answer(session, question_id=args.question_id, answer=args.text)
    return 0


def import_(args: argparse.Namespace) -> int:
    from img_crm.services.program_csv import import_programs, plan_programs, read_programs_csv

    records = read_programs_csv(Path(args.file))
    if args.dry_run:
        with reading(args) as session:
            planned = plan_programs(session, records=records)
        print(f"Dry run: {planned} would be done; nothing was written.")
        return 0
    with writing(args) as session:
        planned = import_programs(session, records=records)
    print(f"Imported {Path(args.file).name}: {planned}.")
    return 0


def export(args: argparse.Namespace) -> int:
    from img_crm.services.exports import Kind
    from img_crm.services.exports import export as write

    with reading(args) as session:
        written = write(session, Kind.PROGRAMS, Path(args.file))
    print(f"Exported {written}.")
    from img_crm.cli.unlocking import warn_unprotected

    warn_unprotected(args)
    return 0


def _fields(parser: argparse.ArgumentParser, *, required: bool) -> None:
    for option in ("name", "institution", "specialty"):
        parser.add_argument(f"--{option}", required=required)
    for option in ("state", "city", "website", "notes"):
        parser.add_argument(f"--{option}")
    parser.add_argument("--timezone", help="IANA name, e.g. America/New_York")
    parser.add_argument("--type", choices=values(ProgramType))
    parser.add_argument("--tier", choices=["1", "2", "3"])
    parser.add_argument("--visa", choices=values(ProgramVisa))
    parser.add_argument("--img-share", dest="img_share", metavar="PCT")
    parser.add_argument("--status", choices=values(ApplicationStatus), help="application status")
    for option in FLAG_OPTIONS:
        parser.add_argument(f"--{option.replace('_', '-')}", dest=option, choices=["yes", "no"])


def register(commands: Any, common: argparse.ArgumentParser, add_command: Any) -> None:
    group = commands.add_parser("programs", help="the residency programs list", parents=[common])
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    _fields(add_command(sub, "add", add, "add a program and print its id"), required=True)
    json_flag(add_command(sub, "list", list_, "list programs with flags and tiers"))
    cmd = add_command(sub, "show", show, "one program with ties, questions and history")
    cmd.add_argument("id", type=row_id)
    json_flag(cmd)
    cmd = add_command(sub, "edit", edit, "change a program")
    cmd.add_argument("id", type=row_id)
    _fields(cmd, required=False)
    field_option(cmd)
    cmd = add_command(sub, "delete", delete, "delete programs (with --yes)")
    cmd.add_argument("ids", type=row_id, nargs="+", metavar="ID")
    yes_option(cmd, "delete without asking again")
    cmd = add_command(sub, "tie", tie, "tie a contact to a program (or --remove the tie)")
    cmd.add_argument("program_id", type=row_id, metavar="PROGRAM_ID")
    cmd.add_argument("contact_id", type=row_id, metavar="CONTACT_ID")
    cmd.add_argument("--kind", required=True, choices=values(TieKind))
    cmd.add_argument("--remove", action="store_true", help="take the tie away")
    cmd = add_command(sub, "interview", interview, "schedule an interview, or clear it")
    cmd.add_argument("program_id", type=row_id, metavar="PROGRAM_ID")
    when = cmd.add_mutually_exclusive_group(required=True)
    when.add_argument("--at", help='"YYYY-MM-DD HH:MM" in the program\'s zone')
    when.add_argument("--clear", action="store_true", help="the interview is off")
    cmd = add_command(sub, "question", question, "add a question to ask at its interview")
    cmd.add_argument("program_id", type=row_id, metavar="PROGRAM_ID")
    cmd.add_argument("text")
    cmd = add_command(sub, "answer", answer, "write the answer to a question")
    cmd.add_argument("question_id", type=row_id, metavar="QUESTION_ID")
    cmd.add_argument("text")
    cmd = add_command(sub, "import", import_, "add programs from a CSV (all or nothing)")
    cmd.add_argument("file")
    cmd.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
    add_command(sub, "export", export, "programs as CSV").add_argument("file")
