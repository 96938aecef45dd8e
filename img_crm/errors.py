"""The two kinds of failure: ones the user can act on, and bugs.

A ``UserError`` carries one plain sentence that the CLI prints and the GUI
shows in a dialog; anything else is a bug and keeps its traceback.
"""


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


class DamagedStoreError(StoreError):
    """The store failed its start-up check and was moved aside, never overwritten.

    ``damaged`` is where the file now is; ``backup`` the newest good backup, if any.
    """

    def __init__(self, message: str, *, damaged: object, backup: object | None) -> None:
        super().__init__(message)
        self.damaged = damaged
        self.backup = backup
