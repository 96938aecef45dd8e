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
import importlib
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

from img_crm import APP_NAME, __version__, paths
from img_crm.errors import DamagedStoreError, MissingStoreError, UserError, bug_report

Handler = Callable[[argparse.Namespace], int]
EXIT_BUG = 70  # sysexits' EX_SOFTWARE

#: The command groups, in the order ``--help`` lists them.
GROUP_NAMES = (
    "today",
    "contacts",
    "activities",
    "programs",
    "letters",
    "templates",
    "attachments",
    "fields",
    "plan",
    "settings",
    "followups",
    "signals",
    "invitations",
    "rank",
    "passphrase",
    "transfer",
    "maintenance",
)


#: The group that registers each command. A command builds only its own
#: group's parsers: importing and building all ten groups was ~40 ms of a
#: 0.3 s command (issue #20). ``tests/cli/test_cli_groups.py`` holds this
#: equal to what the groups register.
COMMAND_GROUPS = {
    **{name: name for name in GROUP_NAMES if name not in ("transfer", "maintenance")},
    "applications": "signals",
    "import": "transfer",
    "export": "transfer",
    **{name: "maintenance" for name in ("init", "demo", "check", "backup", "restore", "backups")},
}


def groups(names: Sequence[str] = GROUP_NAMES) -> tuple[ModuleType, ...]:
    """The command group modules, imported when a command is parsed (opening
    the window needs none of them)."""
    return tuple(importlib.import_module(f"img_crm.cli.{name}") for name in names)


class Parser(argparse.ArgumentParser):
    """No abbreviated options, in any command (the subcommands' parsers are of
    the class of the parser that makes them): ``--passphrase SECRET`` would
    else be taken for ``--passphrase-file`` and the passphrase said back as a
    file name that cannot be read."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)


def _data_dir_option(parser: argparse.ArgumentParser, *, default: Any) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help=f"folder of the store (default: ${paths.ENV_VAR} or the user data folder)",
    )
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        default=default,
        help="a protected store's passphrase: the first line of FILE, which must be "
        "yours alone (default: $IMG_CRM_PASSPHRASE_FILE, else asked on the terminal)",
    )


def _top_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check that this install works (store, migrations, window offscreen) and exit",
    )
    _data_dir_option(parser, default=None)


def _top_level(argv: Sequence[str] | None) -> tuple[argparse.Namespace, list[str]]:
    """The top options, and the rest: with no rest the window opens, without
    building the 60-odd command parsers."""
    parser = Parser(prog=APP_NAME, add_help=False)
    _top_options(parser)
    return parser.parse_known_args(argv)


def _group_of(rest: Sequence[str]) -> str | None:
    """The group of the command in ``rest``; None for anything else (help, a
    mistyped command), which the whole parser answers."""
    return COMMAND_GROUPS.get(rest[0]) if rest and not rest[0].startswith("-") else None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Every command's parser, or only those of the group ``only``."""
    parser = Parser(
        prog=APP_NAME,
        description="Private, offline relationship manager for IMGs building US residency "
        "sponsorship. With no command, opens the app.",
    )
    _top_options(parser)
    # Subcommands take --data-dir too; SUPPRESS keeps a value given before the command.
    common = Parser(add_help=False)
    _data_dir_option(common, default=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add_command(
        sub: Any, name: str, handler: Handler, help_text: str
    ) -> argparse.ArgumentParser:
        command: argparse.ArgumentParser = sub.add_parser(
            name, help=help_text, description=help_text, parents=[common]
        )
        command.set_defaults(handler=handler)
        return command

    for group in groups((only,) if only is not None else GROUP_NAMES):
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
    args, rest = _top_level(argv)
    if rest:
        args = build_parser(only=_group_of(rest)).parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if args.self_test:
        from img_crm.app import self_test

        return self_test()
    try:
        if handler is None:
            return _open_window(args)
        from img_crm.cli.unlocking import unlock_if_protected

        unlock_if_protected(args)
        return handler(args)
    except UserError as exc:
        from img_crm.cli.output import say

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
        from img_crm.cli.output import say

        # A disk or permission failure: files are written atomically, so nothing changed.
        where = f" {exc.filename}" if exc.filename else ""
        say(f"could not complete the operation{where}: {exc.strerror or exc}. Nothing was changed.")
        return 1
    except Exception as exc:  # a bug: say where, never what (the values are the user's)
        from img_crm.cli.output import say

        say(
            f"an unexpected error stopped the command (a bug in {APP_NAME}; its transaction "
            "was rolled back). Please report these lines, which hold none of your data:\n"
            f"{bug_report(exc)}"
        )
        return EXIT_BUG


def _open_window(args: argparse.Namespace) -> int:
    from img_crm.app import run_gui

    return int(run_gui(paths.data_dir(args.data_dir)))
