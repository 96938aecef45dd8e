"""The two kinds of failure: ones the user can act on, and bugs.

A ``UserError`` carries one plain sentence that the CLI prints and the GUI
shows in a dialog; anything else is a bug and keeps its traceback, told
without the user's data (:func:`bug_report`).
"""

from __future__ import annotations

import traceback
from pathlib import Path


class CrmError(Exception):
    """Base class for every error img-crm raises on purpose."""


class UserError(CrmError):
    """Something the user can fix: bad input, a refused operation, a busy file.

    ``where`` names the field, file line or path the message is about, so a
    dialog can put the message beside the right widget.
    """

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """Input that failed validation; ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        first_field, first_message = next(iter(errors.items()))
        super().__init__(f"{first_field}: {first_message}", where=first_field)
        self.errors = errors


class StoreError(UserError):
    """The store file cannot be opened as it is (newer version, not a database)."""


class LockedStoreError(StoreError):
    """The store is protected with a passphrase this process was not given;
    the front end asks for it (``services/protection.py:unlock``) and opens again."""


class DamagedStoreError(StoreError):
    """The store failed its start-up check and was moved aside, never overwritten.

    ``damaged`` is where the file now is; ``backup`` the newest good backup, if
    any; ``details`` what SQLite's check said, for a "Show details" button.
    """

    def __init__(
        self, message: str, *, damaged: object, backup: object | None, details: str = ""
    ) -> None:
        super().__init__(message)
        self.damaged = damaged
        self.backup = backup
        self.details = details


class DamagedRowError(StoreError):
    """A read met damage the start-up check missed; ``backup`` the newest good one."""

    def __init__(self, message: str, *, backup: object | None) -> None:
        super().__init__(message)
        self.backup = backup


class MissingStoreError(StoreError):
    """The store is missing or empty where there was data (a file set aside,
    backups): no empty store is made until the user chooses one. ``backup`` is
    the newest good backup, if any."""

    def __init__(self, message: str, *, backup: object | None) -> None:
        super().__init__(message)
        self.backup = backup


def bug_report(exc: BaseException) -> str:
    """A traceback that names exception types and code locations only.

    Exception messages and SQL parameters can hold the user's own text (a
    note, a name); file paths can hold their account name. So a bug report
    gives each exception's type (and SQLite's error name), and each frame as
    ``package/module.py:line in function``, and nothing else.
    """
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 8:
        chain.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    lines: list[str] = []
    for error in reversed(chain):
        kind = f"{type(error).__module__}.{type(error).__qualname__}"
        sqlite_name = getattr(getattr(error, "orig", error), "sqlite_errorname", None)
        lines.append(f"{kind} ({sqlite_name})" if sqlite_name else kind)
        lines.extend(
            f"  {_code_location(frame.filename)}:{frame.lineno} in {frame.name}"
            for frame in traceback.extract_tb(error.__traceback__)
        )
    return "\n".join(lines)


def _code_location(filename: str) -> str:
    """``img_crm/store/db.py`` or ``sqlalchemy/engine/base.py``: no home folders."""
    parts = Path(filename).parts
    for anchor in ("img_crm", "site-packages", "dist-packages", "lib-dynload"):
        if anchor in parts:
            index = len(parts) - 1 - parts[::-1].index(anchor)
            rest = parts[index + 1 :] if anchor != "img_crm" else parts[index:]
            return "/".join(rest)
    return "/".join(parts[-2:])
