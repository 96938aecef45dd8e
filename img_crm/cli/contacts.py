"""``img-crm contacts``: add, list, show, edit, delete, move, tag, find duplicates, merge."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from img_crm import APP_NAME
from img_crm.cli.arguments import (
    changes,
    day,
    field_option,
    json_flag,
    require_yes,
    row_id,
    yes_option,
)
from img_crm.cli.output import print_fields, print_json, print_own_fields, print_table, warn
from img_crm.cli.session import plainly, reading, writing
from img_crm.domain.enums import Stage, values
from img_crm.errors import UserError

#: ``--option``: contact field, for add and edit.
FIELD_OPTIONS = {
    "name": "name",
    "title": "title",
    "role": "role",
    "institution": "institution",
    "specialty": "specialty",
    "email": "email",
    "phone": "phone",
    "linkedin": "linkedin_url",
    "pubmed": "pubmed_url",
    "timezone": "timezone",
    "notes": "notes",
    "stage": "stage",
    "tags": "tags",
    "first_contacted": "first_contacted",
    "follow_up": "next_follow_up",
    "us_based": "us_based",
}


def _field_options(parser: argparse.ArgumentParser, *, name_required: bool) -> None:
    parser.add_argument("--name", required=name_required)
    for option in ("title", "role", "institution", "specialty", "email", "phone", "timezone"):
        parser.add_argument(f"--{option}")
    for option, what in (("emails", "email addresses"), ("phones", "phone numbers")):
        parser.add_argument(
            f"--{option}",
            metavar="LIST",
            help=f"all its {what}, first the main one, separated by ';', each "
            "optionally labelled: 'work: ...; home: ...'",
        )
    parser.add_argument(
        "--websites", metavar="LIST", help="its web addresses, as --emails takes them"
    )
    parser.add_argument("--linkedin", metavar="URL")
    parser.add_argument("--pubmed", metavar="URL")
    parser.add_argument("--notes")
    parser.add_argument("--stage", help="cold, warm, mentor or sponsor (default cold)")
    parser.add_argument("--tags", help="comma-separated, e.g. research,alumni")
    parser.add_argument("--first-contacted", dest="first_contacted", metavar="YYYY-MM-DD")
    parser.add_argument(
        "--follow-up", dest="follow_up", metavar="YYYY-MM-DD", help="a follow-up date set by hand"
    )
    parser.add_argument("--us-based", dest="us_based", choices=["yes", "no"])


def _data(args: argparse.Namespace, current: Sequence[Any] = ()) -> dict[str, Any]:
    """The fields the options give; ``--emails``, ``--phones`` and
    ``--websites`` replace those of ``current`` (the contact's points)."""
    from img_crm.domain import contact_points

    data = changes(args, FIELD_OPTIONS)
    given: dict[str, str] = {
        kind: getattr(args, column)
        for kind, column in contact_points.COLUMNS.items()
        if getattr(args, column, None) is not None
    }
    if given:
        data["points"] = [
            point
            for kind in contact_points.KINDS
            for point in (
                contact_points.parse_lines(given[kind], kind, semicolons=True)
                if kind in given
                else [p for p in current if p.kind == kind]
            )
        ]
    for field in ("first_contacted", "next_follow_up"):
        if field in data:
            data[field] = day(data[field])
    return data


def add(args: argparse.Namespace) -> int:
    from img_crm.services.duplicates import look_alikes
    from img_crm.store.contacts import add_contact

    data = _data(args)
    with writing(args) as session:
        found = look_alikes(session, data=data)
        contact_id = add_contact(session, data=data)
    for match, name in found:
        warn(
            f"may duplicate #{match.first_id} {name} ({match.reason}); "
            f"see `{APP_NAME} contacts duplicates`"
        )
    print(contact_id)
    return 0


def list_(args: argparse.Namespace) -> int:
    from img_crm.services.relationships import contact_json, contact_statuses
    from img_crm.store.contact_rows import list_contacts

    with plainly(args) as session:
        rows = list_contacts(session, stage=args.stage)
        if args.tag:
            rows = [r for r in rows if args.tag.casefold() in (t.casefold() for t in r.tags)]
        statuses = contact_statuses(session, rows) if args.json or args.overdue else {}
    if args.overdue:
        rows = [r for r in rows if statuses[r.id].overdue or statuses[r.id].reply_owed]
    if args.json:
        print_json([contact_json(r, statuses[r.id]) for r in rows])
        return 0
    print_table(
        ["ID", "STAGE", "NAME", "INSTITUTION", "EMAIL", "TAGS"],
        [[str(r.id), r.stage, r.name, r.institution, r.email, ", ".join(r.tags)] for r in rows],
    )
    return 0


def show(args: argparse.Namespace) -> int:
    from img_crm.services.relationships import contact_detail_json

    with reading(args) as session:
        data = contact_detail_json(session, contact_id=args.id)
    if args.json:
        print_json(data)
        return 0
    print_fields(
        {key: data[key] for key in ("name", "role", "institution", "stage")}
        | {"next_follow_up": data["next_follow_up"], "tags": ", ".join(data["tags"])}
    )
    for point in data["points"]:
        label = f" ({point['label']})" if point["label"] else ""
        print(f"{point['kind']}{label}: {point['value']}")
    print("flags: " + (", ".join(name for name, on in data["flags"].items() if on) or "-"))
    print_own_fields(data["fields"])
    for hint in data["hints"]:
        print(f"hint: {hint['text']}")
    for change in data["stage_history"]:
        print(f"  {change['on']}: {change['from'] or 'added'} -> {change['to']} {change['note']}")
    for activity in data["activities"]:
        print(f"  {activity['occurred_on']}  {activity['kind']}  {activity['description']}")
    return 0


def edit(args: argparse.Namespace) -> int:
    from img_crm.cli.arguments import set_fields
    from img_crm.domain.custom_fields import RecordKind
    from img_crm.store.contact_rows import get_contact
    from img_crm.store.contacts import update_contact

    with writing(args) as session:
        data = _data(args, get_contact(session, contact_id=args.id).points)
        if args.clear_follow_up:
            data["next_follow_up"] = None
        if not data and not args.field:
            raise UserError(
                "Give at least one field to change, such as --email, --role or --field NAME=VALUE."
            )
        if data:
            update_contact(session, contact_id=args.id, changes=data)
        set_fields(session, args, RecordKind.CONTACT, args.id)
    print(f"Changed contact #{args.id}.")
    return 0


def delete(args: argparse.Namespace) -> int:
    from img_crm.store.contact_rows import list_contacts_by_id
    from img_crm.store.contacts import delete_contacts, dependents

    with writing(args) as session:
        found = list_contacts_by_id(session, contact_ids=args.ids)
        missing = sorted(set(args.ids) - {r.id for r in found})
        if missing:
            raise UserError(f"There is no contact with id {missing[0]}; nothing was deleted.")
        counts = dependents(session, contact_ids=args.ids)
        from img_crm.domain.attachments import OwnerKind
        from img_crm.store.attachments import files_going_with

        files = files_going_with(session, kind=OwnerKind.CONTACT, ids=args.ids)
        what = (
            f"their stage history, the letters they write ({counts.letters}), their program "
            f"ties ({counts.program_ties}) and their attached files ({files}); their "
            f"activities ({counts.activities_kept}) stay in the log without a contact"
        )
        require_yes(args, f"Deleting {len(found)} contact(s) also deletes {what}.")
        deleted = delete_contacts(session, contact_ids=args.ids)
    print(f"Deleted {deleted} contact(s) with {what}.")
    return 0


def stage(args: argparse.Namespace) -> int:
    from img_crm.store.contact_rows import get_contact
    from img_crm.store.contacts import update_contact

    with writing(args) as session:
        before = get_contact(session, contact_id=args.id)
        update_contact(
            session,
            contact_id=args.id,
            changes={"stage": args.stage},
            today=day(args.date),
            stage_note=args.note or "",
        )
    if before.stage == args.stage:
        print(f"{before.name} is already {args.stage}; nothing changed.")
    else:
        print(f"{before.name}: {before.stage} -> {args.stage}")
    return 0


def tag(args: argparse.Namespace) -> int:
    from img_crm.store.contact_rows import list_contacts_by_id
    from img_crm.store.contacts import update_contact

    if bool(args.add) == bool(args.remove):
        raise UserError("Give one of --add TAG or --remove TAG.")
    label = args.add or args.remove
    with writing(args) as session:
        rows = list_contacts_by_id(session, contact_ids=args.ids)
        missing = sorted(set(args.ids) - {r.id for r in rows})
        if missing:
            raise UserError(f"There is no contact with id {missing[0]}; nothing was tagged.")
        for row in rows:
            kept = [t for t in row.tags if t.casefold() != label.casefold()]
            tags = [*kept, label] if args.add else kept
            update_contact(session, contact_id=row.id, changes={"tags": tags})
    verb = "Tagged" if args.add else "Untagged"
    print(f"{verb} {len(rows)} contact(s) “{label}”.")
    return 0


def duplicates(args: argparse.Namespace) -> int:
    from img_crm.services.duplicates import likely_pairs, pair_json

    with reading(args) as session:
        pairs, people = likely_pairs(session)
    if args.json:
        print_json([pair_json(m, people) for m in pairs])
        return 0
    if not pairs:
        print("No likely duplicates.")
        return 0
    print_table(
        ["SCORE", "ID", "NAME", "ID", "NAME", "WHY"],
        [
            [
                f"{m.score:.0f}",
                str(m.first_id),
                people[m.first_id].name,
                str(m.second_id),
                people[m.second_id].name,
                m.reason,
            ]
            for m in pairs
        ],
    )
    return 0


def merge(args: argparse.Namespace) -> int:
    from img_crm.services.duplicates import merge as merge_contacts
    from img_crm.store.contact_rows import get_contact

    with writing(args) as session:
        keep = get_contact(session, contact_id=args.keep_id)
        other = get_contact(session, contact_id=args.other_id)
        merge_contacts(session, keep_id=keep.id, other_id=other.id)
    print(f"Merged {other.name} (#{other.id}) into {keep.name} (#{keep.id}).")
    return 0


def register(commands: Any, common: argparse.ArgumentParser, add_command: Any) -> None:
    group = commands.add_parser(
        "contacts", help="add, list, show, edit, delete, move, merge contacts", parents=[common]
    )
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    cmd = add_command(sub, "add", add, "add a contact and print its id")
    _field_options(cmd, name_required=True)
    cmd = add_command(sub, "list", list_, "list contacts")
    cmd.add_argument("--stage", choices=values(Stage))
    cmd.add_argument("--tag")
    cmd.add_argument(
        "--overdue", action="store_true", help="only those who owe or are owed a touch"
    )
    json_flag(cmd)
    cmd = add_command(sub, "show", show, "one contact with history, activities and flags")
    cmd.add_argument("id", type=row_id)
    json_flag(cmd)
    cmd = add_command(sub, "edit", edit, "change a contact's fields")
    cmd.add_argument("id", type=row_id)
    _field_options(cmd, name_required=False)
    cmd.add_argument(
        "--clear-follow-up", action="store_true", help="drop a follow-up date set by hand"
    )
    field_option(cmd)
    cmd = add_command(sub, "delete", delete, "delete contacts (with --yes)")
    cmd.add_argument("ids", type=row_id, nargs="+", metavar="ID")
    yes_option(cmd, "delete without asking again")
    cmd = add_command(sub, "stage", stage, "move a contact to a stage")
    cmd.add_argument("id", type=row_id)
    cmd.add_argument("stage", help="cold, warm, mentor or sponsor")
    cmd.add_argument("--date", help="when it happened, YYYY-MM-DD (default today)")
    cmd.add_argument("--note", help="why, in a few words")
    cmd = add_command(sub, "tag", tag, "add a tag to contacts, or remove it")
    cmd.add_argument("ids", type=row_id, nargs="+", metavar="ID")
    cmd.add_argument("--add", metavar="TAG")
    cmd.add_argument("--remove", metavar="TAG")
    json_flag(add_command(sub, "duplicates", duplicates, "list likely duplicates"))
    cmd = add_command(
        sub, "merge", merge, "merge OTHER_ID into KEEP_ID (nothing is lost; notes are joined)"
    )
    cmd.add_argument("keep_id", type=row_id, metavar="KEEP_ID")
    cmd.add_argument("other_id", type=row_id, metavar="OTHER_ID")
