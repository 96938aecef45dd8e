"""``img-crm import`` and ``img-crm export``: files in and out.

The import and export use cases live in services/ (``importer``, ``json_io``,
``exports``); this module only parses the arguments and says what happened.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from img_crm.cli.arguments import row_id
from img_crm.cli.session import plainly, reading, writing
from img_crm.errors import UserError
from img_crm.services.exports import Kind


def import_(args: argparse.Namespace) -> int:
    from img_crm.services import importer
    from img_crm.services.file_text import read_text
    from img_crm.services.import_formats import Format
    from img_crm.services.json_io import check_store_json, read_json_document, restore_store_json

    if args.path is not None:
        if args.file not in FILES_OF_YOURS:
            raise UserError(
                "import takes one file; for your own mail or calendar files say "
                "`import mail PATH` or `import calendar FILE.ics`."
            )
        return _import_activities(args)
    path = Path(args.file)
    fmt = None if args.format == "auto" else Format(args.format)
    archive = path.suffix.casefold() == ".zip"
    if fmt is Format.JSON or (fmt is None and (path.suffix.casefold() == ".json" or archive)):
        if archive:
            from img_crm.services.json_archive import read_archive_document

            document = read_archive_document(path, archive_passphrase(args, new=False))
        else:
            document = read_json_document(read_text(path))
        if args.dry_run:  # every check, in a reading session: nothing can be written
            with reading(args) as session:
                tables = check_store_json(session, document)
            counts = {name: len(table.get("rows", [])) for name, table in tables.items()}
        else:
            with writing(args) as session:
                counts = restore_store_json(session, document)
        verb = "would be restored" if args.dry_run else "restored"
        print(f"{sum(counts.values())} rows in {len(counts)} tables {verb}.")
        return 0
    loaded = importer.read(path, fmt, encoding=args.encoding, unprotect=args.spreadsheet_safe)
    fmt, records = loaded.format, loaded.records
    if loaded.encoding not in ("UTF-8", "ASCII"):
        print(
            f"Read {path.name} as {loaded.encoding} (it is not UTF-8; if names look wrong, "
            "give the right one with --encoding)."
        )
    on_duplicate = importer.OnDuplicate(args.on_duplicate)
    if args.dry_run:
        with reading(args) as session:
            plan = importer.plan(
                session, records, source=path.name, fmt=fmt, on_duplicate=on_duplicate
            )
        summary = plan.summary()
    else:
        with writing(args) as session:
            plan = importer.plan(
                session, records, source=path.name, fmt=fmt, on_duplicate=on_duplicate
            )
            if plan.invalid and not args.skip_invalid:
                _report_invalid(args, plan)
                raise UserError(f"{plan.refusal()[:-1]} (--skip-invalid imports the rest).")
            summary = importer.apply(session, plan, skip_invalid=True)
    _report_invalid(args, plan)
    for bad in plan.invalid:
        print(f"line {bad.line}: cannot be imported, field {bad.field}: {bad.reason}")
    for row in plan.duplicates:
        print(
            f"line {row.line}: {row.data['name']} looks like {row.match_name} "
            f"({row.match.reason if row.match else ''}) -> {row.action.value}"
        )
    if args.dry_run:
        print(f"Dry run ({fmt.value}): {summary} would be done; nothing was written.")
        if plan.invalid and not args.skip_invalid:
            print("Without --skip-invalid the import would be refused for the rows above.")
    else:
        print(f"Imported {path.name} ({fmt.value}): {summary}.")
    unknown = plan.unknown_sentence()
    if unknown:
        print(unknown)
    return 0


#: ``import mail PATH`` and ``import calendar FILE``: the user's own files.
FILES_OF_YOURS = ("mail", "calendar")
#: Suggested contacts printed (the most frequent; --json has every one).
SHOWN_SUGGESTIONS = 20


def _import_activities(args: argparse.Namespace) -> int:
    """Activities from the user's mail or calendar: read in a reading
    session (a big mailbox takes a while, and the window may be open), then
    written in one transaction."""
    from img_crm.cli.output import print_json
    from img_crm.domain.profile import own_emails
    from img_crm.services import activity_import
    from img_crm.services.profile import load_profile

    path = Path(args.path)
    if not path.exists():
        raise UserError(f"{path} does not exist; nothing was imported.")
    with reading(args) as session:
        own: tuple[str, ...] = load_profile(session).my_emails
        if args.me:
            try:
                own = own_emails(" ".join(args.me))
            except ValueError as exc:
                raise UserError(f"--me {str(exc)[:80]!r} is not an email address.") from None
        if args.file == "mail":
            plan = activity_import.plan_mail(session, path, own=own, with_bodies=args.with_bodies)
        else:
            plan = activity_import.plan_calendar(session, path, own=own)
    add = [s.address for s in plan.suggestions] if args.add_suggested else list(args.add)
    if args.json:
        print_json(plan.to_json())
    else:
        _say_plan(plan)
    if args.dry_run:
        if not args.json:
            print("Dry run: nothing was written.")
        return 0
    if plan.invalid and not args.skip_invalid:
        raise UserError(f"{plan.refusal()[:-1]} (--skip-invalid imports the rest).")
    with writing(args) as session:
        applied = activity_import.apply(session, plan, add=add, skip_invalid=True)
    if not args.json:
        print(f"Imported {path.name}: {applied}.")
    return 0


def _say_plan(plan: Any) -> None:
    counts = plan.counts()
    noun = "messages" if plan.source == "mail" else "meetings"
    files = "1 file" if len(plan.files) == 1 else f"{len(plan.files)} files"
    print(f"Read {counts['read']} {noun} in {files}.")
    if plan.source == "mail":
        print(f"  {counts['sent']} sent to contacts, {counts['received']} received from them")
        print(
            f"  {counts['already']} already imported, {counts['no_contact']} with people who "
            f"are not contacts, {counts['unrelated']} not yours (lists, others' mail)"
        )
    else:
        print(f"  {counts['meetings']} with contacts")
        print(f"  {counts['already']} already imported, {counts['unrelated']} with no contact")
    if counts["later"]:
        print(f"  {counts['later']} still to come (import again after them)")
    if counts["cancelled"]:
        print(f"  {counts['cancelled']} cancelled or declined by you, left out")
    for bad in plan.invalid:
        print(f"  cannot be read: {bad.sentence()}")
    offered = plan.suggestions
    if offered:
        print("Addresses you correspond with that no contact has (--add ADDRESS adds one):")
        for s in offered[:SHOWN_SUGGESTIONS]:
            print(f"  {s.address}{' ' + s.name if s.name else ''} ({s.messages} messages)")
        if len(offered) > SHOWN_SUGGESTIONS:
            print(f"  and {len(offered) - SHOWN_SUGGESTIONS} more (--json lists them all)")


def _report_invalid(args: argparse.Namespace, plan: Any) -> None:
    """``--skipped-report FILE``: the rows left out, as CSV."""
    if args.skipped_report and plan.invalid:
        from img_crm.services.atomic import refuse_protected
        from img_crm.services.importer import write_invalid_report

        destination = Path(args.skipped_report)
        refuse_protected(destination)
        count = write_invalid_report(plan, destination)
        print(f"Wrote {count} rows that cannot be imported to {destination}.")
        from img_crm.cli.unlocking import warn_unprotected

        warn_unprotected(args)


def archive_option(cmd: argparse.ArgumentParser, text: str) -> None:
    cmd.add_argument("--archive-passphrase-file", metavar="FILE", help=text)


def archive_passphrase(args: argparse.Namespace, *, new: bool, what: str = "archive") -> str:
    """An encrypted archive's (or a backup's) passphrase: from its file, or
    typed on the terminal (twice for a new archive); never an argument."""
    import getpass

    from img_crm.cli.unlocking import file_named, on_a_terminal
    from img_crm.services import protection

    named = file_named(args, f"{what}_passphrase_file")
    if named is not None:
        return protection.read_passphrase_file(named)
    if not on_a_terminal():
        raise UserError(
            f"The {what} needs its passphrase: give it on a terminal or in a file "
            f"named by --{what}-passphrase-file. Nothing was done."
        )
    passphrase = getpass.getpass(f"Passphrase of the {what}: ")
    if new:
        protection.check_new(passphrase, getpass.getpass("The same passphrase again: "))
    return passphrase


def export(args: argparse.Namespace) -> int:
    from img_crm.services.exports import export as write
    from img_crm.services.exports import reads_plainly

    writer = None
    if args.action == Kind.EVIDENCE and Path(args.file).suffix.casefold() == ".pdf":
        from img_crm.app import write_pdf  # Qt draws the PDF; loaded only for it

        writer = write_pdf
    passphrase = None
    if args.action == Kind.JSON and Path(args.file).suffix.casefold() == ".zip":
        passphrase = archive_passphrase(args, new=True)
    source = plainly if reads_plainly(args.action, Path(args.file)) else reading
    with source(args) as session:
        written = write(
            session,
            args.action,
            Path(args.file),
            safe=getattr(args, "spreadsheet_safe", False),
            contact_id=getattr(args, "contact_id", None),
            write_pdf=writer,
            passphrase=passphrase,
        )
    print(f"Exported {written}.")
    from img_crm.cli.unlocking import warn_unprotected

    warn_unprotected(args)
    return 0


EXPORTS = {
    Kind.CONTACTS: "contacts as CSV or an Excel workbook (.xlsx)",
    Kind.VCARD: "contacts as vCard 4.0 (.vcf)",
    Kind.ICS: "follow-ups, letter reminders, interviews and respond-by times as iCalendar (.ics)",
    Kind.ACTIVITIES: "the activity log as CSV or .xlsx",
    Kind.LETTERS: "letters as CSV or .xlsx",
    Kind.PROGRAMS: "programs as CSV or .xlsx",
    Kind.JSON: "the whole store as JSON (FILE.zip: an archive encrypted with a passphrase)",
    Kind.EXPERIENCES: "ERAS experiences (.csv, .xlsx or .html)",
    Kind.EVIDENCE: "a contact's evidence sheet (.pdf or .html)",
}


def register(commands: Any, common: argparse.ArgumentParser, add_command: Any) -> None:
    cmd = add_command(
        commands,
        "import",
        import_,
        "add contacts from a file (all or nothing; --skip-invalid leaves out bad rows); "
        "`import mail PATH` and `import calendar FILE.ics` log activities from your own "
        "mail and calendar",
    )
    cmd.add_argument("file", metavar="FILE | mail | calendar")
    cmd.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help="after mail: an .eml file, an mbox mailbox or a folder of them; after "
        "calendar: an .ics file",
    )
    cmd.add_argument(
        "--format",
        default="auto",
        choices=["auto", "csv", "linkedin", "google", "outlook", "vcard", "json"],
    )
    cmd.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    archive_option(cmd, "an encrypted archive's passphrase (FILE.zip): the first line of FILE")
    cmd.add_argument(
        "--on-duplicate",
        default="skip",
        choices=["skip", "merge", "add"],
        help="what to do with a contact that looks like one you have (default skip)",
    )
    cmd.add_argument(
        "--encoding",
        metavar="NAME",
        help="the file's encoding (e.g. cp1252, iso8859-7); found by itself when not given",
    )
    cmd.add_argument(
        "--spreadsheet-safe",
        action="store_true",
        help="the file is an `export contacts --spreadsheet-safe`: take off the ' that "
        "protects cells starting with = + - @",
    )
    cmd.add_argument(
        "--skip-invalid",
        action="store_true",
        help="leave out rows that cannot become a contact (each is listed) and import the rest",
    )
    cmd.add_argument(
        "--skipped-report",
        metavar="CSV",
        help="write the rows that cannot be imported (line, field, reason, name) to this file",
    )
    yours = cmd.add_argument_group("your own mail and calendar files")
    yours.add_argument(
        "--me",
        action="append",
        default=[],
        metavar="ADDRESS",
        help="an address of yours (default: my_emails in settings); repeat for more",
    )
    yours.add_argument(
        "--with-bodies",
        action="store_true",
        help="keep each message's text in its activity (default: the subject only)",
    )
    yours.add_argument(
        "--add",
        action="append",
        default=[],
        metavar="ADDRESS",
        help="add this suggested correspondent as a contact, with their mail; repeat for more",
    )
    yours.add_argument(
        "--add-suggested", action="store_true", help="add every suggested correspondent"
    )
    yours.add_argument("--json", action="store_true", help="print the plan as JSON")
    group = commands.add_parser("export", help="write data to a file", parents=[common])
    sub = group.add_subparsers(dest="action", metavar="WHAT", required=True)
    for kind, text in EXPORTS.items():
        cmd = add_command(sub, kind.value, export, text)
        if kind is Kind.EVIDENCE:
            cmd.add_argument("contact_id", type=row_id, metavar="CONTACT_ID")
        cmd.add_argument("file")
        if kind is Kind.JSON:
            archive_option(
                cmd,
                "the archive's passphrase (FILE.zip): the first line of FILE (else asked twice)",
            )
        if kind is Kind.CONTACTS:
            cmd.add_argument(
                "--spreadsheet-safe",
                action="store_true",
                help="prefix ' to cells starting with = + - @ so spreadsheets do not run them",
            )
