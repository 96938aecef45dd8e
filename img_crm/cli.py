"""The ``img-crm`` command: starts the GUI, or runs one subcommand on the store.

Exit codes: 0 success; 1 refused or bad input (one sentence on stderr, no
traceback); 2 usage error (argparse's own); 70 an unexpected error, a bug,
reported by code location only (no user data).
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

from img_crm import APP_NAME, __version__, clock, paths
from img_crm.errors import DamagedStoreError, MissingStoreError, UserError, bug_report

Handler = Callable[[argparse.Namespace], int]
EXIT_BUG = 70  # sysexits' EX_SOFTWARE


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
    from img_crm.domain.duplicates import candidates_for
    from img_crm.store.contacts import add_contact, list_contacts

    data: dict[str, Any] = {"name": args.name}
    for field in ("email", "role", "institution", "specialty", "stage", "tags"):
        value = getattr(args, field)
        if value is not None:
            data[field] = value
    store = _open(args)
    with store.session() as session:
        people = list_contacts(session)
        contact_id = add_contact(session, data=data)
    found = candidates_for(
        name=args.name, email=args.email or "", institution=args.institution or "", people=people
    )
    names = {p.id: p.name for p in people}
    for match in found:
        print(
            f"warning: may duplicate #{match.first_id} {names[match.first_id]} ({match.reason}); "
            f"see `{APP_NAME} contacts duplicates`",
            file=sys.stderr,
        )
    print(contact_id)
    return 0


def _contact_json(row: Any, status: Any) -> dict[str, Any]:
    """One contact as the CLI prints it, with its follow-up state and hints."""
    from img_crm.domain.contacts import TEXT_FIELDS
    from img_crm.domain.pipeline import HINT_TEXT

    one_line = [f for f in TEXT_FIELDS if f not in ("timezone", "notes")]
    fields = ("id", *one_line, "us_based", "timezone", "stage")
    data = {name: getattr(row, name) for name in fields}
    data.update(
        tags=list(row.tags),
        notes=row.notes,
        first_contacted=row.first_contacted,
        last_interaction=row.last_interaction,
        next_follow_up=status.follow_up,
        follow_up_set_by_hand=status.follow_up_manual,
        flags={"overdue": status.overdue, "reply_owed": status.reply_owed},
        hints=[{"code": h.value, "text": HINT_TEXT[h]} for h in status.hints],
    )
    return data


def cmd_contacts_list(args: argparse.Namespace) -> int:
    from img_crm.services.relationships import contact_statuses
    from img_crm.store.contacts import list_contacts

    store = _open(args)
    with store.reading() as session:
        rows = list_contacts(session, stage=args.stage)
        statuses = contact_statuses(session, rows) if args.json else {}
    if args.json:
        _print_json([_contact_json(r, statuses[r.id]) for r in rows])
        return 0
    table = [[str(r.id), r.stage, r.name, r.institution, r.email, ", ".join(r.tags)] for r in rows]
    _print_table(["ID", "STAGE", "NAME", "INSTITUTION", "EMAIL", "TAGS"], table)
    return 0


def _parse_day(text: str | None) -> date | None:
    from img_crm.domain.limits import day_problem

    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise UserError(f"{text!r} is not a date; use YYYY-MM-DD.") from exc
    problem = day_problem(day)
    if problem:
        raise UserError(f"The date {problem}.")
    return day


def row_id(text: str) -> int:
    """An id argument: a whole number SQLite can hold, from 1."""
    from img_crm.domain.limits import id_problem

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id (a whole number from 1)") from None
    if id_problem(value):
        shown = text if len(text) <= 24 else text[:21] + "..."
        raise argparse.ArgumentTypeError(f"{shown} is not an id (a whole number from 1)")
    return value


def cmd_contacts_stage(args: argparse.Namespace) -> int:
    from img_crm.store.contacts import get_contact, update_contact

    store = _open(args)
    with store.session() as session:
        before = get_contact(session, contact_id=args.id)
        update_contact(
            session,
            contact_id=args.id,
            changes={"stage": args.stage},
            today=_parse_day(args.date),
            stage_note=args.note or "",
        )
    if before.stage == args.stage:
        print(f"{before.name} is already {args.stage}; nothing changed.")
    else:
        print(f"{before.name}: {before.stage} -> {args.stage}")
    return 0


def cmd_contacts_show(args: argparse.Namespace) -> int:
    from img_crm.domain.pipeline import HINT_TEXT
    from img_crm.services.relationships import contact_statuses
    from img_crm.store.contacts import get_contact
    from img_crm.store.programs import ties_of_contact
    from img_crm.store.stages import list_stage_changes

    store = _open(args)
    with store.reading() as session:
        row = get_contact(session, contact_id=args.id)
        status = contact_statuses(session, [row])[row.id]
        history = list_stage_changes(session, contact_id=row.id)
        ties = ties_of_contact(session, contact_id=row.id)
    data = _contact_json(row, status)
    data["programs"] = [{"program": p, "kind": k, "tier": t} for p, k, t in ties]
    data["stage_history"] = [
        {"on": c.changed_on, "from": c.from_stage, "to": c.to_stage, "note": c.note}
        for c in reversed(history)
    ]
    if args.json:
        _print_json(data)
        return 0
    for key in ("name", "role", "institution", "email", "stage", "next_follow_up"):
        value = data[key]
        print(f"{key}: {value if value not in ('', None) else '-'}")
    flags = [name for name, on in data["flags"].items() if on]
    print("flags: " + (", ".join(flags) or "-"))
    for hint in status.hints:
        print(f"hint: {HINT_TEXT[hint]}")
    for change in data["stage_history"]:
        print(f"  {change['on']}: {change['from'] or 'added'} -> {change['to']} {change['note']}")
    return 0


def cmd_contacts_duplicates(args: argparse.Namespace) -> int:
    from img_crm.domain.duplicates import find_pairs
    from img_crm.store.contacts import list_contacts

    store = _open(args)
    with store.reading() as session:
        people = list_contacts(session)
    names = {p.id: p.name for p in people}
    pairs = find_pairs(people)
    if args.json:
        _print_json(
            [
                {
                    "first_id": m.first_id,
                    "first_name": names[m.first_id],
                    "second_id": m.second_id,
                    "second_name": names[m.second_id],
                    "score": m.score,
                    "reason": m.reason,
                }
                for m in pairs
            ]
        )
        return 0
    if not pairs:
        print("No likely duplicates.")
        return 0
    _print_table(
        ["SCORE", "ID", "NAME", "ID", "NAME", "WHY"],
        [
            [
                f"{m.score:.0f}",
                str(m.first_id),
                names[m.first_id],
                str(m.second_id),
                names[m.second_id],
                m.reason,
            ]
            for m in pairs
        ],
    )
    return 0


def cmd_contacts_merge(args: argparse.Namespace) -> int:
    from img_crm.domain.contacts import TEXT_FIELDS
    from img_crm.store.contacts import get_contact
    from img_crm.store.merge import merge_contacts

    store = _open(args)
    with store.session() as session:
        keep = get_contact(session, contact_id=args.keep_id)
        other = get_contact(session, contact_id=args.other_id)
        # Fill the survivor's empty fields from the other record; keep its own otherwise.
        choices = {
            field: getattr(other, field)
            for field in TEXT_FIELDS
            if field not in ("name", "notes") and not getattr(keep, field) and getattr(other, field)
        }
        if keep.notes and other.notes and other.notes not in keep.notes:
            choices["notes"] = f"{keep.notes}\n\n{other.notes}"
        elif other.notes and not keep.notes:
            choices["notes"] = other.notes
        merge_contacts(session, keep_id=keep.id, other_id=other.id, choices=choices)
    print(f"Merged {other.name} (#{other.id}) into {keep.name} (#{keep.id}).")
    return 0


def cmd_activities_add(args: argparse.Namespace) -> int:
    from img_crm.domain.enums import Exposure, values
    from img_crm.store.activities import add_activity
    from img_crm.store.contacts import get_contact

    day = _parse_day(args.date)
    exposure = args.exposure
    if exposure is not None and exposure not in values(Exposure):
        raise UserError(f"--exposure must be one of: {', '.join(values(Exposure))}.")
    if args.kind == "clinical-experience" and exposure is None:
        exposure = Exposure.OBSERVERSHIP.value
    store = _open(args)
    with store.session() as session:
        if args.contact is not None:
            get_contact(session, contact_id=args.contact)
        activity_id = add_activity(
            session,
            data={
                "occurred_on": day,
                "kind": args.kind,
                "contact_id": args.contact,
                "program_id": args.program,
                "hours": args.hours,
                "exposure": exposure,
                "setting": args.setting or "",
                "description": args.description or "",
                "outcome": args.outcome or "",
            },
        )
    print(activity_id)
    return 0


def cmd_today(args: argparse.Namespace) -> int:
    from img_crm.domain.momentum import GOAL_TEXT
    from img_crm.services.today import build_today

    store = _open(args)
    with store.reading() as session:
        report = build_today(session, today=_parse_day(args.date))
    if args.json:
        _print_json(report.to_json())
        return 0
    print(f"Today, {report.today.isoformat()}")
    print("\nReplies owed (answer within 24 hours):")
    for due in report.replies_owed or []:
        print(f"  #{due.contact_id} {due.name} ({due.institution})")
    if not report.replies_owed:
        print("  none")
    print("\nFollow-ups due:")
    for due in report.follow_ups_due:
        late = f", {due.days_late} d late" if due.days_late else ", due today"
        print(f"  #{due.contact_id} {due.name} [{due.stage}]{late}")
    if not report.follow_ups_due:
        print("  none")
    if report.letter_reminders:
        print("\nLetter reminders:")
        for item in report.letter_reminders:
            print(
                f"  {item.writer}: {item.to_json()['what']} "
                f"(asked {item.reminder.days_since_request} days ago)"
            )
    else:
        print("\nLetter reminders: none due")
    if report.interviews:
        print("Interviews:")
        for interview in report.interviews:
            print(f"  {interview.name}: {interview.when}")
    else:
        print("Interviews: none scheduled")
    print("\nThis month:")
    for goal, count in report.momentum.items():
        mark = "done" if count else "to do"
        print(f"  [{mark}] {GOAL_TEXT[goal]} ({count})")
    f = report.funnel
    print(
        f"\nFunnel: contacted {f.contacted} -> replied {f.replied} -> warm {f.warm} -> "
        f"mentor {f.mentor} -> sponsor {f.sponsor} (reply rate {f.reply_rate:.0%})"
    )
    return 0


def cmd_export_evidence(args: argparse.Namespace) -> int:
    from img_crm.services.evidence import build_sheet, sheet_html, write_sheet_html

    destination = Path(args.file)
    store = _open(args)
    with store.reading() as session:
        sheet = build_sheet(session, contact_id=args.contact_id)
    html = sheet_html(sheet)
    if destination.suffix.lower() in (".html", ".htm"):
        write_sheet_html(html, destination)
    else:
        from img_crm.ui.pdf import write_pdf  # needs Qt; loaded only for PDF

        write_pdf(html, destination, title=f"Evidence sheet: {sheet.contact.name}")
    print(f"Wrote the evidence sheet for {sheet.contact.name} to {destination}.")
    return 0


def cmd_export_experiences(args: argparse.Namespace) -> int:
    from img_crm.services.experiences import (
        load_experiences,
        write_experiences_csv,
        write_experiences_html,
    )

    destination = Path(args.file)
    store = _open(args)
    with store.reading() as session:
        experiences = load_experiences(session)
    if destination.suffix.lower() in (".html", ".htm"):
        write_experiences_html(experiences, destination)
    else:
        write_experiences_csv(experiences, destination)
    print(f"Wrote {len(experiences)} experiences to {destination}.")
    return 0


def cmd_programs_add(args: argparse.Namespace) -> int:
    from img_crm.store.programs import add_program

    data: dict[str, Any] = {
        "name": args.name,
        "institution": args.institution,
        "specialty": args.specialty,
    }
    for option, field in (
        ("state", "state"),
        ("city", "city"),
        ("tier", "tier"),
        ("visa", "visa"),
        ("img_share", "img_share"),
        ("timezone", "timezone"),
        ("website", "website"),
    ):
        value = getattr(args, option)
        if value is not None:
            data[field] = value
    store = _open(args)
    with store.session() as session:
        program_id = add_program(session, data=data)
    print(program_id)
    return 0


def cmd_programs_tie(args: argparse.Namespace) -> int:
    from img_crm.store.programs import tie_contact

    store = _open(args)
    with store.session() as session:
        tie_contact(session, program_id=args.program_id, contact_id=args.contact_id, kind=args.kind)
    return 0


def cmd_programs_interview(args: argparse.Namespace) -> int:
    from img_crm.domain.limits import moment_problem
    from img_crm.services.profile import load_profile
    from img_crm.services.programs import interview_text
    from img_crm.store.programs import get_program, set_interview

    try:
        local = datetime.strptime(args.at, "%Y-%m-%d %H:%M")
    except ValueError:
        raise UserError(f'{args.at!r} is not a time; use "YYYY-MM-DD HH:MM".') from None
    problem = moment_problem(local)
    if problem:
        raise UserError(f"The interview's date {problem}.")
    store = _open(args)
    with store.session() as session:
        set_interview(session, program_id=args.program_id, local=local)
        row = get_program(session, program_id=args.program_id)
        home = load_profile(session).home_timezone
    print(f"{row.name}: {interview_text(row, home)}")
    return 0


def cmd_programs_list(args: argparse.Namespace) -> int:
    from img_crm.services.programs import interview_text, program_view

    store = _open(args)
    with store.reading() as session:
        view = program_view(session)
    if args.json:
        _print_json(
            {
                "programs": [
                    {
                        "id": r.id,
                        "name": r.name,
                        "institution": r.institution,
                        "specialty": r.specialty,
                        "city": r.city,
                        "state": r.state,
                        "type": r.program_type,
                        "tier": r.tier,
                        "visa": r.visa,
                        "img_share": r.img_share,
                        "timezone": r.timezone,
                        "application_status": r.application_status,
                        "interview_utc": r.interview_at.isoformat() if r.interview_at else None,
                        "interview": interview_text(r, view.home_zone) or None,
                        "suggest_tier_1": view.statuses[r.id].suggest_tier_1,
                        "flags": {
                            "wasted_application": view.statuses[r.id].wasted,
                            "visa_mismatch": view.statuses[r.id].visa_mismatch,
                            "red_flags": list(view.statuses[r.id].red_flags),
                        },
                    }
                    for r in view.rows
                ],
                "tiers": [
                    {"tier": t.tier, "count": t.count, "range": [t.low, t.high], "state": t.state}
                    for t in view.tiers
                ],
            }
        )
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
    _print_table(["ID", "TIER", "NAME", "STATE", "VISA", "STATUS", "NOTES"], table)
    print(
        "tiers: "
        + ", ".join(f"{t.tier}: {t.count} (aim {t.low}-{t.high}, {t.state})" for t in view.tiers)
    )
    return 0


def cmd_programs_import(args: argparse.Namespace) -> int:
    from img_crm.services.programs import import_programs, read_programs_csv

    records = read_programs_csv(Path(args.file))
    if args.dry_run:
        print(f"{len(records)} programs would be added; nothing was written.")
        return 0
    store = _open(args)
    with store.session() as session:
        count = import_programs(session, records=records)
    print(f"Added {count} programs.")
    return 0


def cmd_programs_export(args: argparse.Namespace) -> int:
    from img_crm.services.programs import write_programs_csv
    from img_crm.store.programs import list_program_rows

    store = _open(args)
    with store.reading() as session:
        rows = list_program_rows(session)
    count = write_programs_csv(rows, Path(args.file))
    print(f"Exported {count} programs to {args.file}.")
    return 0


def cmd_letters_add(args: argparse.Namespace) -> int:
    from img_crm.store.letters import add_letter

    store = _open(args)
    with store.session() as session:
        letter_id = add_letter(
            session,
            writer_id=args.writer,
            letter_type=args.type,
            specialty=args.specialty,
            status=args.status,
            on=_parse_day(args.date),
        )
    print(letter_id)
    return 0


def cmd_letters_status(args: argparse.Namespace) -> int:
    from img_crm.store.letters import set_letter_status

    store = _open(args)
    with store.session() as session:
        set_letter_status(
            session, letter_id=args.letter_id, status=args.status, on=_parse_day(args.date)
        )
    return 0


def cmd_letters_assign(args: argparse.Namespace) -> int:
    from img_crm.store.letters import assign_letter, unassign_letter

    store = _open(args)
    with store.session() as session:
        if args.remove:
            unassign_letter(session, letter_id=args.letter_id, program_id=args.program_id)
        else:
            assign_letter(session, letter_id=args.letter_id, program_id=args.program_id)
    return 0


def cmd_letters_list(args: argparse.Namespace) -> int:
    from img_crm.services.letters import letters_view
    from img_crm.store.letters import assignments

    store = _open(args)
    with store.reading() as session:
        view = letters_view(session)
        assigned = assignments(session)
    r = view.readiness
    if args.json:
        _print_json(
            {
                "letters": [
                    {
                        "id": row.id,
                        "writer_id": row.writer_id,
                        "writer": row.writer_name,
                        "type": row.letter_type,
                        "specialty": row.specialty,
                        "status": row.status,
                        "status_since": row.status_since,
                        "waived": row.waived,
                        "programs": sorted(p for letter, p in assigned if letter == row.id),
                        "reminder": view.reminders[row.id].to_json()
                        if row.id in view.reminders
                        else None,
                    }
                    for row in view.rows
                ],
                "readiness": {
                    "target_specialty": view.target_specialty,
                    "us_clinical_in_target": r.us_clinical_in_target,
                    "total": r.total,
                    "enough_us_clinical": r.enough_us_clinical,
                    "total_ok": r.total_ok,
                    "warnings": [
                        {"pitfall": w.pitfall.value, "letter_id": w.letter_id, "text": w.text}
                        for w in r.warnings
                    ],
                },
            }
        )
        return 0
    _print_table(
        ["ID", "WRITER", "TYPE", "STATUS", "SINCE", "REMINDER"],
        [
            [
                str(row.id),
                row.writer_name,
                row.letter_type,
                row.status,
                row.status_since.isoformat() if row.status_since else "",
                view.reminders[row.id].to_json()["what"] if row.id in view.reminders else "",
            ]
            for row in view.rows
        ],
    )
    print(
        f"\nUS clinical letters in {view.target_specialty or 'the target specialty'}: "
        f"{r.us_clinical_in_target} (need 2, ideally 3); letters in all: {r.total} (aim 3-4)"
    )
    for warning in r.warnings:
        print(f"warning: {warning.text}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from img_crm.services.backups import backup_now

    folder = paths.data_dir(args.data_dir)
    _open(args).close()  # migrate and check first: never back up a damaged file
    target = backup_now(folder, Path(args.file) if args.file else None)
    print(f"Backed up to {target}.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Check the backup, back up (or set aside) the current store, put the backup in."""
    from img_crm.services.backups import restore

    folder = paths.data_dir(args.data_dir)
    previous = restore(folder, Path(args.file))
    _open(args).close()  # migrate the restored file if it is older
    where = f" The store as it was before is in {previous}." if previous else ""
    print(f"Restored {args.file}.{where}")
    return 0


def cmd_backups_list(args: argparse.Namespace) -> int:
    from img_crm.store.backup import list_backups

    backups = list_backups(paths.backups_dir(paths.data_dir(args.data_dir)))
    if args.json:
        _print_json(
            [
                {"file": str(b.path), "when": b.when, "size": b.size, "reason": b.reason}
                for b in backups
            ]
        )
        return 0
    if not backups:
        print("No backups yet.")
    for b in backups:
        print(f"{b.when:%Y-%m-%d %H:%M:%S}  {b.size / 1024:8.0f} KiB  {b.reason:<24} {b.path}")
    return 0


def _seed_templates(store: Any) -> None:
    """The built-in templates are stored on first use (a read-only store shows
    them unsaved)."""
    from img_crm.store.templates import ensure_builtins, missing_builtins

    if store.read_only is None:
        with store.reading() as session:
            if not missing_builtins(session):
                return
        with store.session() as session:
            ensure_builtins(session)


def cmd_templates_list(args: argparse.Namespace) -> int:
    from img_crm.domain.templates import placeholders, reply_rates
    from img_crm.store.templates import list_templates, outreach_history

    store = _open(args)
    _seed_templates(store)
    with store.reading() as session:
        templates = list_templates(session)
        rates, total = reply_rates(*outreach_history(session))
    rows = []
    for t in templates:
        rate = rates.get(t.id)
        rows.append(
            {
                "id": t.id,
                "name": t.name,
                "builtin": t.builtin,
                "subject": t.subject,
                "placeholders": placeholders(f"{t.subject}\n{t.body}"),
                "sent": rate.sent if rate else 0,
                "replied": rate.replied if rate else 0,
                "reply_rate": round(rate.rate, 4) if rate else None,
            }
        )
    if args.json:
        _print_json(
            {
                "templates": rows,
                "overall": {
                    "sent": total.sent,
                    "replied": total.replied,
                    "reply_rate": round(total.rate, 4),
                },
            }
        )
        return 0
    _print_table(
        ["ID", "NAME", "SENT", "REPLIED", "RATE"],
        [
            [
                str(r["id"]),
                str(r["name"]),
                str(r["sent"]),
                str(r["replied"]),
                f"{r['reply_rate']:.0%}" if r["reply_rate"] is not None else "-",
            ]
            for r in rows
        ],
    )
    print(
        f"\nAll outreach: {total.sent} sent, {total.replied} replied "
        f"({total.rate:.0%}; 6-10 % is normal)"
    )
    return 0


def cmd_templates_render(args: argparse.Namespace) -> int:
    from img_crm.domain.templates import contact_values, fill
    from img_crm.services.profile import load_profile
    from img_crm.store.contacts import get_contact
    from img_crm.store.templates import find_template

    extra: dict[str, str] = {}
    for item in args.set or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise UserError(f"--set takes NAME=VALUE, not {item!r}.")
        extra[key.strip()] = value
    store = _open(args)
    _seed_templates(store)
    with store.reading() as session:
        template = find_template(session, name=args.name)
        contact = get_contact(session, contact_id=args.contact)
        profile = load_profile(session)
    values = {
        **contact_values(
            name=contact.name,
            title=contact.title,
            institution=contact.institution,
            specialty=contact.specialty,
            role=contact.role,
        ),
        "my_name": profile.my_name,
        "target_specialty": profile.target_specialty,
        **extra,
    }
    filled = fill(template.subject, template.body, values)
    if filled.missing:
        raise UserError(
            "Fill these placeholders first (with --set NAME=VALUE, or in Settings for your "
            "own details): " + ", ".join(filled.missing) + "."
        )
    print(f"Subject: {filled.subject}\n\n{filled.body}")
    return 0


def cmd_plan_show(args: argparse.Namespace) -> int:
    from img_crm.domain.plan import PHASE_TEXT
    from img_crm.services.plan import current_plan, ensure_plan

    store = _open(args)
    if store.read_only is None:
        with store.session() as session:
            tasks = ensure_plan(session)
    else:
        with store.reading() as session:
            tasks = current_plan(session)
    today = clock.today()
    if args.json:
        _print_json(
            [
                {
                    "key": t.key,
                    "phase": t.phase.value,
                    "title": t.title,
                    "start": t.start,
                    "end": t.end,
                    "days": t.days,
                    "after": list(t.after),
                    "done": t.done,
                    "late": t.late(today),
                }
                for t in tasks
            ]
        )
        return 0
    _print_table(
        ["START", "END", "PHASE", "TASK", ""],
        [
            [
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


def cmd_settings_show(args: argparse.Namespace) -> int:
    from img_crm.domain.cadence import interval_key
    from img_crm.domain.profile import PROFILE_KEYS
    from img_crm.services.profile import load_intervals, load_profile

    store = _open(args)
    with store.reading() as session:
        profile = load_profile(session)
        intervals = load_intervals(session)
    values: dict[str, object] = {key: getattr(profile, key) for key in PROFILE_KEYS}
    values["visa"] = profile.visa.value
    values.update({interval_key(stage): days for stage, days in intervals.items()})
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
    from img_crm.services.csv_io import export_contacts_csv

    store = _open(args)
    with store.reading() as session:
        count = export_contacts_csv(session, Path(args.file), safe=args.spreadsheet_safe)
    print(f"Exported {count} contacts to {args.file}.")
    return 0


def cmd_export_table(args: argparse.Namespace) -> int:
    """activities, letters, programs, vcard and ics exports."""
    from img_crm.services import csv_io, ical, vcard
    from img_crm.services.programs import write_programs_csv
    from img_crm.store.activities import list_activities
    from img_crm.store.contacts import list_contacts
    from img_crm.store.letters import list_letters
    from img_crm.store.programs import list_program_rows

    destination = Path(args.file)
    store = _open(args)
    with store.reading() as session:
        what = args.action
        if what == "activities":
            count = csv_io.write_activities_csv(list_activities(session), destination)
        elif what == "letters":
            count = csv_io.write_letters_csv(list_letters(session), destination)
        elif what == "programs":
            count = write_programs_csv(list_program_rows(session), destination)
        elif what == "vcard":
            count = vcard.write_vcards(list_contacts(session), destination)
        else:
            count = ical.write_calendar(session, destination)
    noun = "events" if args.action == "ics" else "contacts" if args.action == "vcard" else "rows"
    print(f"Exported {count} {noun} to {destination}.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from img_crm.services import importer
    from img_crm.services.import_formats import Format, read_json_document, read_text
    from img_crm.services.json_io import check_store_json, restore_store_json

    path = Path(args.file)
    fmt = None if args.format == "auto" else Format(args.format)
    if fmt is Format.JSON or (fmt is None and path.suffix.casefold() == ".json"):
        document = read_json_document(read_text(path))
        store = _open(args)
        if args.dry_run:  # every check, in a reading session: nothing can be written
            with store.reading() as session:
                tables = check_store_json(session, document)
            counts = {name: len(table.get("rows", [])) for name, table in tables.items()}
        else:
            with store.session() as session:
                counts = restore_store_json(session, document)
        verb = "would be restored" if args.dry_run else "restored"
        print(f"{sum(counts.values())} rows in {len(counts)} tables {verb}.")
        return 0
    fmt, records = importer.load(path, fmt)
    store = _open(args)
    on_duplicate = importer.OnDuplicate(args.on_duplicate)
    if args.dry_run:
        with store.reading() as session:
            plan = importer.plan(
                session, records, source=path.name, fmt=fmt, on_duplicate=on_duplicate
            )
        summary = plan.summary()
    else:
        with store.session() as session:
            plan = importer.plan(
                session, records, source=path.name, fmt=fmt, on_duplicate=on_duplicate
            )
            summary = importer.apply(session, plan)
    for row in plan.duplicates:
        print(
            f"line {row.line}: {row.data['name']} looks like {row.match_name} "
            f"({row.match.reason if row.match else ''}) -> {row.action.value}"
        )
    if args.dry_run:
        print(f"Dry run ({fmt.value}): {summary} would be done; nothing was written.")
    else:
        print(f"Imported {path.name} ({fmt.value}): {summary}.")
    return 0


def cmd_export_json(args: argparse.Namespace) -> int:
    from img_crm.services.json_io import write_store_json

    store = _open(args)
    with store.reading() as session:
        counts = write_store_json(session, Path(args.file))
    print(f"Exported {sum(counts.values())} rows in {len(counts)} tables to {args.file}.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """The full check: integrity, references and every text cell. A store that
    fails is marked, and img-crm writes to it only after a restore or --go-on."""
    from img_crm.store import health

    folder = paths.data_dir(args.data_dir)
    store_file = paths.store_path(folder)
    if args.go_on:
        if health.failed_check_notice(folder) is None:
            print("The store is not marked as failing its check; nothing to do.")
            return 0
        health.clear_mark(folder)
        print("img-crm writes to the store again, as it is. Run `img-crm check` to see it.")
        return 0
    if not store_file.exists():
        raise UserError(f"There is no store at {store_file}.")
    report = health.check_store(store_file)
    version = health.data_version(store_file)
    print(f"store: {store_file} (data version {version if version is not None else '?'})")
    print("integrity_check: " + "; ".join(report.integrity[:20]))
    for label, found in (
        ("foreign_key_check", report.foreign_keys),
        ("text cells", report.unreadable),
    ):
        state = "not run" if not report.complete else "ok" if not found else ""
        print(f"{label}: {state}")
        for problem in found[:20]:
            print(f"  {problem}")
    if report.clean:
        health.clear_mark(folder)
        return 0
    health.mark_failed(folder, report)
    print(
        f"{APP_NAME}: the store failed its check. {report.summary()} img-crm will not write "
        f"to it until you restore a backup (`{APP_NAME} backups list`, `{APP_NAME} restore "
        f"FILE`) or choose to go on with it as it is (`{APP_NAME} check --go-on`).",
        file=sys.stderr,
    )
    return 1


def cmd_init(args: argparse.Namespace) -> int:
    """An empty store, chosen on purpose (img-crm never makes one over lost data)."""
    from img_crm.store.db import open_store

    folder = paths.data_dir(args.data_dir)
    store_file = paths.store_path(folder)
    if store_file.exists() and store_file.stat().st_size > 0:
        raise UserError(f"There is already a store at {store_file}; nothing was changed.")
    open_store(folder, start_empty=True).close()
    print(f"Created an empty store at {store_file}.")
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
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check that this install works (store, migrations, window offscreen) and exit",
    )
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
    check_cmd = add(commands, "check", cmd_check, "check the store's integrity and references")
    check_cmd.add_argument(
        "--go-on",
        action="store_true",
        help="after a failed check: write to the store again, as it is",
    )
    add(commands, "init", cmd_init, "start an empty store (only where there is none)")

    contacts = commands.add_parser(
        "contacts", help="add, list, move, show, merge contacts", parents=[common]
    )
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
    stage_cmd = add(contacts_sub, "stage", cmd_contacts_stage, "move a contact to a stage")
    stage_cmd.add_argument("id", type=row_id)
    stage_cmd.add_argument("stage", help="cold, warm, mentor or sponsor")
    stage_cmd.add_argument("--date", help="when it happened, YYYY-MM-DD (default today)")
    stage_cmd.add_argument("--note", help="why, in a few words")
    show_contact = add(
        contacts_sub, "show", cmd_contacts_show, "one contact with history and flags"
    )
    show_contact.add_argument("id", type=row_id)
    show_contact.add_argument("--json", action="store_true", help="print JSON")
    dup_cmd = add(contacts_sub, "duplicates", cmd_contacts_duplicates, "list likely duplicates")
    dup_cmd.add_argument("--json", action="store_true", help="print JSON")
    merge_cmd = add(
        contacts_sub, "merge", cmd_contacts_merge, "merge OTHER_ID into KEEP_ID (nothing is lost)"
    )
    merge_cmd.add_argument("keep_id", type=row_id, metavar="KEEP_ID")
    merge_cmd.add_argument("other_id", type=row_id, metavar="OTHER_ID")

    settings = commands.add_parser("settings", help="show or change the profile", parents=[common])
    settings_sub = settings.add_subparsers(dest="action", metavar="ACTION", required=True)
    show_cmd = add(settings_sub, "show", cmd_settings_show, "show the profile settings")
    show_cmd.add_argument("--json", action="store_true", help="print JSON")
    set_cmd = add(settings_sub, "set", cmd_settings_set, "change one profile setting")
    set_cmd.add_argument(
        "key",
        help="target_specialty, backup_specialty, match_year, home_timezone, visa, or a "
        "follow-up interval in days: cadence_cold, cadence_warm, cadence_mentor, cadence_sponsor",
    )
    set_cmd.add_argument("value")

    from img_crm.domain.enums import ActivityKind, values

    activities = commands.add_parser("activities", help="log activities", parents=[common])
    activities_sub = activities.add_subparsers(dest="action", metavar="ACTION", required=True)
    log_cmd = add(activities_sub, "add", cmd_activities_add, "log one activity; prints its id")
    log_cmd.add_argument("--contact", type=row_id, help="contact id")
    log_cmd.add_argument("--kind", required=True, choices=values(ActivityKind))
    log_cmd.add_argument("--date", required=True, help="YYYY-MM-DD")
    log_cmd.add_argument("--hours", type=float)
    log_cmd.add_argument("--setting", help="ward, clinic, lab…")
    log_cmd.add_argument("--exposure", help="externship, sub-internship, observership, shadowing")
    log_cmd.add_argument("--program", type=row_id, help="program id")
    log_cmd.add_argument("--description")
    log_cmd.add_argument("--outcome")

    from img_crm.domain.enums import ProgramVisa, TieKind

    programs = commands.add_parser("programs", help="the residency programs list", parents=[common])
    programs_sub = programs.add_subparsers(dest="action", metavar="ACTION", required=True)
    padd = add(programs_sub, "add", cmd_programs_add, "add a program and print its id")
    padd.add_argument("--name", required=True)
    padd.add_argument("--institution", required=True)
    padd.add_argument("--specialty", required=True)
    padd.add_argument("--state")
    padd.add_argument("--city")
    padd.add_argument("--tier", choices=["1", "2", "3"])
    padd.add_argument("--visa", choices=values(ProgramVisa))
    padd.add_argument("--img-share", dest="img_share", metavar="PCT")
    padd.add_argument("--timezone", help="IANA name, e.g. America/New_York")
    padd.add_argument("--website")
    ptie = add(programs_sub, "tie", cmd_programs_tie, "tie a contact to a program")
    ptie.add_argument("program_id", type=row_id, metavar="PROGRAM_ID")
    ptie.add_argument("contact_id", type=row_id, metavar="CONTACT_ID")
    ptie.add_argument("--kind", required=True, choices=values(TieKind))
    pint = add(programs_sub, "interview", cmd_programs_interview, "schedule an interview")
    pint.add_argument("program_id", type=row_id, metavar="PROGRAM_ID")
    pint.add_argument("--at", required=True, help='"YYYY-MM-DD HH:MM" in the program\'s zone')
    plist = add(programs_sub, "list", cmd_programs_list, "list programs with flags and tiers")
    plist.add_argument("--json", action="store_true", help="print JSON")
    pimp = add(
        programs_sub, "import", cmd_programs_import, "add programs from a CSV (all or nothing)"
    )
    pimp.add_argument("file")
    pimp.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
    add(programs_sub, "export", cmd_programs_export, "programs as CSV").add_argument("file")

    from img_crm.domain.enums import LetterStatus, LetterType

    letters = commands.add_parser("letters", help="letters of recommendation", parents=[common])
    letters_sub = letters.add_subparsers(dest="action", metavar="ACTION", required=True)
    ladd = add(letters_sub, "add", cmd_letters_add, "track a letter and print its id")
    ladd.add_argument("--writer", type=row_id, required=True, metavar="CONTACT_ID")
    ladd.add_argument("--type", required=True, choices=values(LetterType))
    ladd.add_argument("--specialty", required=True)
    ladd.add_argument("--status", default="identified", choices=values(LetterStatus))
    ladd.add_argument("--date", help="date of that status, YYYY-MM-DD (default today)")
    lstatus = add(letters_sub, "status", cmd_letters_status, "move a letter to a status")
    lstatus.add_argument("letter_id", type=row_id, metavar="LETTER_ID")
    lstatus.add_argument("status", choices=values(LetterStatus))
    lstatus.add_argument("--date", help="YYYY-MM-DD (default today)")
    lassign = add(letters_sub, "assign", cmd_letters_assign, "send a letter to a program (max 4)")
    lassign.add_argument("letter_id", type=row_id, metavar="LETTER_ID")
    lassign.add_argument("program_id", type=row_id, metavar="PROGRAM_ID")
    lassign.add_argument("--remove", action="store_true", help="take it off the program")
    llist = add(letters_sub, "list", cmd_letters_list, "letters with reminders and readiness")
    llist.add_argument("--json", action="store_true", help="print JSON")

    templates = commands.add_parser("templates", help="outreach templates", parents=[common])
    templates_sub = templates.add_subparsers(dest="action", metavar="ACTION", required=True)
    add(templates_sub, "list", cmd_templates_list, "templates with reply rates").add_argument(
        "--json", action="store_true", help="print JSON"
    )
    render = add(templates_sub, "render", cmd_templates_render, "fill a template for a contact")
    render.add_argument("name", metavar="TEMPLATE_NAME", help="name or id")
    render.add_argument("--contact", type=row_id, required=True, metavar="ID")
    render.add_argument(
        "--set", action="append", metavar="NAME=VALUE", help="a placeholder's value (repeatable)"
    )

    plan = commands.add_parser("plan", help="the 12-24 month plan", parents=[common])
    plan_sub = plan.add_subparsers(dest="action", metavar="ACTION", required=True)
    add(plan_sub, "show", cmd_plan_show, "the plan's tasks with dates").add_argument(
        "--json", action="store_true", help="print JSON"
    )

    today_cmd = add(commands, "today", cmd_today, "what needs doing today")
    today_cmd.add_argument("--date", help="as of this day, YYYY-MM-DD (default today)")
    today_cmd.add_argument("--json", action="store_true", help="print JSON")

    backup_cmd = add(commands, "backup", cmd_backup, "back up the store now (checked, atomic)")
    backup_cmd.add_argument("file", nargs="?", help="where to (default: the backups folder)")
    restore_cmd = add(commands, "restore", cmd_restore, "replace the store with a backup")
    restore_cmd.add_argument("file")
    backups_cmd = commands.add_parser("backups", help="list backups", parents=[common])
    backups_sub = backups_cmd.add_subparsers(dest="action", metavar="ACTION", required=True)
    add(backups_sub, "list", cmd_backups_list, "backups, newest first").add_argument(
        "--json", action="store_true", help="print JSON"
    )

    imp = add(commands, "import", cmd_import, "add contacts from a file (all or nothing)")
    imp.add_argument("file")
    imp.add_argument(
        "--format", default="auto", choices=["auto", "csv", "linkedin", "google", "vcard", "json"]
    )
    imp.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    imp.add_argument(
        "--on-duplicate",
        default="skip",
        choices=["skip", "merge", "add"],
        help="what to do with a contact that looks like one you have (default skip)",
    )

    export = commands.add_parser("export", help="write data to a file", parents=[common])
    export_sub = export.add_subparsers(dest="action", metavar="WHAT", required=True)
    export_contacts = add(export_sub, "contacts", cmd_export_contacts, "contacts as CSV")
    export_contacts.add_argument("file")
    export_contacts.add_argument(
        "--spreadsheet-safe",
        action="store_true",
        help="prefix ' to cells starting with = + - @ so spreadsheets do not run them",
    )
    for name, text in (
        ("activities", "the activity log as CSV"),
        ("letters", "letters as CSV"),
        ("programs", "programs as CSV"),
        ("vcard", "contacts as vCard 4.0 (.vcf)"),
        ("ics", "follow-ups, letter reminders and interviews as iCalendar (.ics)"),
    ):
        add(export_sub, name, cmd_export_table, text).add_argument("file")
    add(export_sub, "json", cmd_export_json, "the whole store as JSON").add_argument("file")
    evidence = add(
        export_sub, "evidence", cmd_export_evidence, "a contact's evidence sheet (PDF or HTML)"
    )
    evidence.add_argument("contact_id", type=row_id, metavar="CONTACT_ID")
    evidence.add_argument("file", help="FILE.pdf or FILE.html")
    add(
        export_sub, "experiences", cmd_export_experiences, "ERAS experiences (CSV or HTML)"
    ).add_argument("file", help="FILE.csv or FILE.html")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    paths.keep_files_private()
    # A name from the command line or a file may hold bytes the terminal cannot
    # show: print them escaped rather than fail after the work was done.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if args.self_test:
        from img_crm.app import self_test

        return self_test()
    try:
        if handler is None:
            # The store layer before Qt: PySide6 hooks every later import to look
            # for its feature switches, which costs ~0.1 s over SQLAlchemy's modules.
            import img_crm.domain.models
            import img_crm.store.db  # noqa: F401
            from img_crm.app import run_gui

            return int(run_gui(paths.data_dir(args.data_dir)))
        return handler(args)
    except UserError as exc:
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        if isinstance(exc, DamagedStoreError | MissingStoreError):
            if exc.backup is not None:
                print(f"To restore it, run: {APP_NAME} restore {exc.backup}", file=sys.stderr)
            print(f"To start with an empty store instead, run: {APP_NAME} init", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (e.g. `head`) went away; say nothing more.
        sys.stderr.close()
        return 0
    except OSError as exc:
        # A disk or permission failure: files are written atomically, so nothing changed.
        where = f" {exc.filename}" if exc.filename else ""
        print(
            f"{APP_NAME}: could not complete the operation{where}: "
            f"{exc.strerror or exc}. Nothing was changed.",
            file=sys.stderr,
        )
        return 1
    except Exception as exc:  # a bug: say where, never what (the values are the user's)
        print(
            f"{APP_NAME}: an unexpected error stopped the command (a bug in {APP_NAME}; "
            "its transaction was rolled back). Please report these lines, which hold "
            f"none of your data:\n{bug_report(exc)}",
            file=sys.stderr,
        )
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
