"""The passphrase of a protected store on the command line, before any command.

It comes from a file (``--passphrase-file`` or ``$IMG_CRM_PASSPHRASE_FILE``,
which must be the user's alone) or is asked on the terminal, never from an
argument: other users of the computer can read arguments in the process list,
and the shell keeps them in its history. (Not a command group: every command
passes through here, and the groups load only for their own commands.)
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from img_crm.cli.output import say
from img_crm.cli.session import data_folder
from img_crm.errors import UserError

TRIES = 3


def file_named(args: argparse.Namespace, option: str) -> Path | None:
    from img_crm.services.protection import FILE_VARIABLE

    named = getattr(args, option, None)
    if named is None and option == "passphrase_file":
        named = os.environ.get(FILE_VARIABLE) or None
    return Path(named) if named else None


def on_a_terminal() -> bool:
    return sys.stdin.isatty()


def unlock_if_protected(args: argparse.Namespace) -> None:
    """Before any command: a protected store this process has no key for is
    unlocked with the passphrase from the file, or asked for (three tries)."""
    from img_crm.services import protection

    folder = data_folder(args)
    if getattr(args, "no_unlock", False) or not protection.is_locked(folder):
        return
    named = file_named(args, "passphrase_file")
    if named is not None:
        protection.unlock(folder, protection.read_passphrase_file(named))
        return
    if not on_a_terminal():
        raise UserError(
            "The store is protected with a passphrase: run the command on a terminal to be "
            "asked for it, or name a file that holds it with --passphrase-file or "
            "$IMG_CRM_PASSPHRASE_FILE. Nothing was done."
        )
    for attempt in range(1, TRIES + 1):
        try:
            protection.unlock(folder, getpass.getpass("Passphrase of the img-crm store: "))
            return
        except UserError:
            if attempt == TRIES:
                raise
            say("That passphrase does not open the store. Try again.")


def warn_unprotected(args: argparse.Namespace) -> None:
    """After an export of a protected store: its file is plain."""
    from img_crm.cli.output import warn
    from img_crm.services.protection import export_warning

    said = export_warning(data_folder(args))
    if said is not None:
        warn(said)
