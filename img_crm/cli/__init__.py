"""The ``img-crm`` command: starts the window, or runs one subcommand on the store.

The subcommands are grouped as in Picard's ``picard/cli``: ``GROUPS`` lists
the modules, each holding its parsers and handlers together; ``output.py``
prints; ``session.py`` opens the store around a handler. Exit codes: 0 done;
1 refused or bad input (one sentence on stderr, no traceback); 2 a usage
error (argparse's own); 70 an unexpected error, a bug, reported by code
location only (no user data).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

from img_crm import APP_NAME, __version__, paths
from img_crm.cli import (
    activities,
    contacts,
    letters,
    maintenance,
    plan,
    programs,
    settings,
    templates,
    today,
    transfer,
)
from img_crm.cli.arguments import data_dir_option
from img_crm.cli.output import say
from img_crm.errors import DamagedStoreError, MissingStoreError, UserError, bug_report

Handler = Callable[[argparse.Namespace], int]
EXIT_BUG = 70  # sysexits' EX_SOFTWARE

#: The command groups, in the order ``--help`` lists them.
GROUPS: tuple[ModuleType, ...] = (
    today,
    contacts,
    activities,
    programs,
    letters,
    templates,
    plan,
    settings,
    transfer,
    maintenance,
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
    data_dir_option(parser, default=None)
    # Subcommands take --data-dir too; SUPPRESS keeps a value given before the command.
    common = argparse.ArgumentParser(add_help=False)
    data_dir_option(common, default=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add_command(
        sub: Any, name: str, handler: Handler, help_text: str
    ) -> argparse.ArgumentParser:
        command: argparse.ArgumentParser = sub.add_parser(
            name, help=help_text, description=help_text, parents=[common]
        )
        command.set_defaults(handler=handler)
        return command

    for group in GROUPS:
        group.register(commands, common, add_command)
    return parser


def _quiet_output() -> None:
    """A name from the command line or a file may hold bytes the terminal cannot
    show: print them escaped rather than fail after the work was done."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    paths.keep_files_private()
    _quiet_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if args.self_test:
        from img_crm.app import self_test

        return self_test()
    try:
        if handler is None:
            return _open_window(args)
        return handler(args)
    except UserError as exc:
        say(str(exc))
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
        say(f"could not complete the operation{where}: {exc.strerror or exc}. Nothing was changed.")
        return 1
    except Exception as exc:  # a bug: say where, never what (the values are the user's)
        say(
            f"an unexpected error stopped the command (a bug in {APP_NAME}; its transaction "
            "was rolled back). Please report these lines, which hold none of your data:\n"
            f"{bug_report(exc)}"
        )
        return EXIT_BUG


def _open_window(args: argparse.Namespace) -> int:
    # The store layer before Qt: PySide6 hooks every later import to look for its
    # feature switches, which costs ~0.1 s over SQLAlchemy's modules.
    import img_crm.domain.models
    import img_crm.store.db  # noqa: F401
    from img_crm.app import run_gui

    return int(run_gui(paths.data_dir(args.data_dir)))
