"""The store itself: ``init``, ``demo``, ``check``, ``backup``, ``restore``, ``backups``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from img_crm import APP_NAME, paths
from img_crm.cli.arguments import json_flag
from img_crm.cli.output import print_json, say
from img_crm.cli.session import data_folder, opened, writing
from img_crm.errors import UserError


def init(args: argparse.Namespace) -> int:
    """An empty store, chosen on purpose (img-crm never makes one over lost data)."""
    from img_crm.store.db import open_store

    folder = data_folder(args)
    store_file = paths.store_path(folder)
    if store_file.exists() and store_file.stat().st_size > 0:
        raise UserError(f"There is already a store at {store_file}; nothing was changed.")
    open_store(folder, start_empty=True).close()
    print(f"Created an empty store at {store_file}.")
    return 0


def demo(args: argparse.Namespace) -> int:
    from img_crm.services.demo import load_demo

    with writing(args) as session:
        summary = load_demo(session)
    print(
        f"Sample data added: {summary.contacts} contacts, {summary.programs} programs, "
        f"{summary.activities} activities, {summary.letters} letters."
    )
    return 0


def check(args: argparse.Namespace) -> int:
    """The full check: integrity, references and every text cell. A store that
    fails is marked, and img-crm writes to it only after a restore or --go-on."""
    from img_crm.store import health

    folder = data_folder(args)
    store_file = paths.store_path(folder)
    if args.go_on:
        if health.failed_check_notice(folder) is None:
            print("The store is not marked as failing its check; nothing to do.")
            return 0
        health.clear_mark(folder)
        print(f"img-crm writes to the store again, as it is. Run `{APP_NAME} check` to see it.")
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
        print(f"{label}: {'not run' if not report.complete else 'ok' if not found else ''}")
        for problem in found[:20]:
            print(f"  {problem}")
    if report.clean:
        health.clear_mark(folder)
        return 0
    health.mark_failed(folder, report)
    say(
        f"the store failed its check. {report.summary()} img-crm will not write to it until "
        f"you restore a backup (`{APP_NAME} backups list`, `{APP_NAME} restore FILE`) or "
        f"choose to go on with it as it is (`{APP_NAME} check --go-on`)."
    )
    return 1


def backup(args: argparse.Namespace) -> int:
    from img_crm.services.backups import backup_now

    with opened(args, check_now=True):  # migrate and check first: never back up damage
        pass
    target = backup_now(data_folder(args), Path(args.file) if args.file else None)
    print(f"Backed up to {target}.")
    return 0


def restore(args: argparse.Namespace) -> int:
    """Check the backup, back up (or set aside) the current store, put the backup in."""
    from img_crm.cli.output import warn
    from img_crm.services import protection
    from img_crm.services.backups import restore as put_back

    source, folder = Path(args.file), data_folder(args)
    if protection.backup_needs_passphrase(source):
        from img_crm.cli.transfer import archive_passphrase

        protection.unlock_backup(source, archive_passphrase(args, new=False, what="backup"))
    said = protection.restore_warning(source, folder)
    if said is not None:
        warn(said)
    previous = put_back(folder, source)
    with opened(args):  # it opens (and is checked) as any store
        pass
    where = f" The store as it was before is in {previous}." if previous else ""
    print(f"Restored {args.file}.{where}")
    return 0


def backups_list(args: argparse.Namespace) -> int:
    from img_crm.store.backup import list_backups

    found = list_backups(paths.backups_dir(data_folder(args)))
    if args.json:
        print_json([b.to_json() for b in found])
        return 0
    if not found:
        print("No backups yet.")
    for b in found:
        print(f"{b.when:%Y-%m-%d %H:%M:%S}  {b.size / 1024:8.0f} KiB  {b.reason:<24} {b.path}")
    return 0


def register(commands: Any, common: argparse.ArgumentParser, add_command: Any) -> None:
    add_command(commands, "init", init, "start an empty store (only where there is none)")
    add_command(commands, "demo", demo, "fill an empty store with sample data")
    cmd = add_command(commands, "check", check, "check the store's integrity and references")
    cmd.add_argument(
        "--go-on", action="store_true", help="after a failed check: write to the store again"
    )
    cmd = add_command(commands, "backup", backup, "back up the store now (checked, atomic)")
    cmd.add_argument("file", nargs="?", help="a new file (default: the backups folder)")
    cmd = add_command(commands, "restore", restore, "replace the store with a checked backup")
    cmd.add_argument("file")
    cmd.add_argument(
        "--backup-passphrase-file",
        metavar="FILE",
        help="a backup made under another passphrase: that passphrase, the first line of FILE "
        "(else asked on the terminal)",
    )
    group = commands.add_parser("backups", help="list backups", parents=[common])
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    json_flag(add_command(sub, "list", backups_list, "backups, newest first"))
