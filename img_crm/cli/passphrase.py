"""``passphrase set|change|remove|status``: a store under a passphrase.

The new passphrase comes from a file (``--new-passphrase-file``, the user's
alone) or is typed twice on the terminal; never from an argument
(``cli/unlocking.py`` says why).
"""

from __future__ import annotations

import argparse
import getpass
from typing import Any

from img_crm.cli.session import data_folder, opened
from img_crm.cli.unlocking import file_named, on_a_terminal
from img_crm.errors import UserError


def _new_passphrase(args: argparse.Namespace) -> str:
    """The new passphrase: from ``--new-passphrase-file``, or typed twice."""
    from img_crm.services import protection

    named = file_named(args, "new_passphrase_file")
    if named is not None:
        passphrase = protection.read_passphrase_file(named)
        protection.check_new(passphrase)
        return passphrase
    if not on_a_terminal():
        raise UserError(
            "Give the new passphrase on a terminal, or in a file named by "
            "--new-passphrase-file. Nothing was changed."
        )
    passphrase = getpass.getpass("New passphrase (at least 8 characters): ")
    protection.check_new(passphrase, getpass.getpass("The same passphrase again: "))
    return passphrase


def _left(count: int) -> None:
    if count:
        noun = "backup was" if count == 1 else "backups were"
        print(
            f"{count} {noun} made under a passphrase of long ago and left as "
            f"{'it was' if count == 1 else 'they were'}."
        )


def set_passphrase(args: argparse.Namespace) -> int:
    from img_crm.services import protection

    passphrase = _new_passphrase(args)
    with opened(args, check_now=True) as store:
        left = protection.protect(store, passphrase)
    print(
        "The store and its backups are now protected with the passphrase. Keep it safe: "
        "without it nobody, img-crm included, can read them."
    )
    _left(left)
    return 0


def change_passphrase(args: argparse.Namespace) -> int:
    from img_crm.services import protection

    passphrase = _new_passphrase(args)
    with opened(args, check_now=True) as store:
        left = protection.change(store, None, passphrase)
    print("The store and its backups now open with the new passphrase only.")
    _left(left)
    return 0


def remove_passphrase(args: argparse.Namespace) -> int:
    from img_crm.services import protection

    if not args.yes:
        raise UserError(
            "Without a passphrase anyone at this computer can read the store and its "
            "backups. Add --yes to remove it. Nothing was changed."
        )
    with opened(args, check_now=True) as store:
        left = protection.remove(store, None)
    print("The store and its backups are plain files again, readable without a passphrase.")
    _left(left)
    return 0


def status(args: argparse.Namespace) -> int:
    from img_crm.services import protection

    folder = data_folder(args)
    print("protected" if protection.is_protected(folder) else "not protected")
    return 0


def register(commands: Any, common: argparse.ArgumentParser, add_command: Any) -> None:
    group = commands.add_parser(
        "passphrase", help="protect the store with a passphrase", parents=[common]
    )
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, handler, text in (
        ("set", set_passphrase, "protect the store and its backups with a new passphrase"),
        ("change", change_passphrase, "give the protected store a new passphrase"),
    ):
        cmd = add_command(sub, name, handler, text)
        cmd.add_argument(
            "--new-passphrase-file",
            metavar="FILE",
            help="the new passphrase: the first line of FILE (else asked twice)",
        )
    cmd = add_command(sub, "remove", remove_passphrase, "make the store plain again")
    cmd.add_argument("--yes", action="store_true", help="yes, anyone here may read it")
    add_command(sub, "status", status, "say whether the store is protected").set_defaults(
        no_unlock=True
    )
