"""Turn exceptions that escape a slot into dialogs instead of silent stderr noise.

A ``UserError`` is something the user can act on and is shown as a warning.
Anything else is a bug: it is shown with its traceback under "Details" so it
can be reported, as exception types and code locations only (no field value
of the user's reaches the dialog or stderr). Store writes are transactions, so
a failed action leaves the data as it was before that action.
"""

from __future__ import annotations

import sys
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from img_crm import APP_DISPLAY_NAME
from img_crm.errors import UserError, bug_report


def report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    parent = QApplication.activeWindow()
    if isinstance(exc, UserError):
        QMessageBox.warning(parent, APP_DISPLAY_NAME, str(exc))
        return
    details = bug_report(exc)  # code locations only: no user data
    print(f"{APP_DISPLAY_NAME}: unexpected error\n{details}", file=sys.stderr)
    box = QMessageBox(QMessageBox.Icon.Critical, APP_DISPLAY_NAME, "", parent=parent)
    box.setText(QApplication.translate("ErrorReporting", "Something went wrong."))
    box.setInformativeText(
        QApplication.translate(
            "ErrorReporting",
            "That action stopped because of an error in img-crm. Changes are saved whole "
            "or not at all, so your data is consistent. Please report the details below.",
        )
    )
    box.setDetailedText(details)
    box.exec()


def install() -> None:
    sys.excepthook = report
