"""The questions opening a store can raise in the window, asked in sentences.

A damaged store (moved aside), a missing one where there was data, a store
that failed its integrity check, and one that can only be read (a full disk,
a read-only medium): each gets one dialog with the choices that make sense,
and nothing happens to the user's data that they did not choose. An empty
store is made only when the user picks "Start with an empty store".
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from img_crm import APP_DISPLAY_NAME, paths
from img_crm.errors import DamagedStoreError, MissingStoreError

if TYPE_CHECKING:  # the store layer loads after the window's first paint
    from img_crm.store.db import Store


def _tr(text: str) -> str:
    return QApplication.translate("StoreDialogs", text)


def try_lock(folder: Path) -> tuple[QLockFile | None, str | None]:
    """The data folder's single-instance lock, or (None, why not).

    ``why not`` is None when another img-crm holds the lock; otherwise it says
    what stopped the lock file from being written (a full disk, a read-only
    medium, a permission), which is no reason to say "already running".
    """
    try:
        paths.ensure_data_dir(folder)
    except OSError as exc:
        from img_crm.store import disk

        return None, disk.explain(folder, exc=exc)
    lock = QLockFile(str(paths.lock_path(folder)))
    lock.setStaleLockTime(0)
    if lock.tryLock(100):
        return lock, None
    if lock.error() == QLockFile.LockError.LockFailedError:
        return None, None
    from img_crm.store import disk

    return None, disk.explain(folder, store_file=paths.store_path(folder))


def recover(
    folder: Path,
    error: DamagedStoreError | MissingStoreError,
    parent: QWidget | None = None,
) -> Store | None:
    """Offer the newest good backup or an empty store; None when the user closes."""
    from img_crm.services.backups import restore
    from img_crm.store.db import open_store

    box = QMessageBox(QMessageBox.Icon.Critical, APP_DISPLAY_NAME, str(error), parent=parent)
    if isinstance(error, DamagedStoreError) and error.details:
        box.setDetailedText(_tr("What SQLite's check said:") + "\n" + error.details)
    restore_button = None
    if error.backup is not None:
        restore_button = box.addButton(
            _tr("Restore the newest backup"), QMessageBox.ButtonRole.AcceptRole
        )
    empty = box.addButton(_tr("Start with an empty store"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    clicked = box.clickedButton()
    if clicked is None or clicked not in (restore_button, empty):
        return None
    if clicked is restore_button and error.backup is not None:
        restore(folder, Path(str(error.backup)))
        return open_store(folder)
    return open_store(folder, start_empty=True)


def after_failed_check(folder: Path, notice: str, parent: QWidget | None = None) -> str | None:
    """The store failed ``img-crm check``: "restore", "go-on", "read-only" or None."""
    from img_crm.services.backups import restore
    from img_crm.store import health
    from img_crm.store.backup import describe
    from img_crm.store.restorable import newest_good

    newest = newest_good(paths.backups_dir(folder))
    text = _tr(
        "Your store failed its integrity check, so img-crm has not written to it since. "
        "You can restore the newest good backup, look at the store as it is without "
        "changing it, or go on working on it as it is."
    )
    if newest is not None:
        text += " " + _tr("The newest good backup is %1.").replace("%1", describe(newest))
    box = QMessageBox(QMessageBox.Icon.Warning, APP_DISPLAY_NAME, text, parent=parent)
    box.setDetailedText(notice)
    choices = {}
    if newest is not None:
        button = box.addButton(_tr("Restore the newest backup"), QMessageBox.ButtonRole.AcceptRole)
        choices[button] = "restore"
    choices[box.addButton(_tr("Open read-only"), QMessageBox.ButtonRole.ActionRole)] = "read-only"
    choices[box.addButton(_tr("Go on with this store"), QMessageBox.ButtonRole.ActionRole)] = (
        "go-on"
    )
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    clicked = box.clickedButton()
    choice = next((name for button, name in choices.items() if button is clicked), None)
    if choice == "restore" and newest is not None:
        restore(folder, newest)
    elif choice == "go-on":
        health.clear_mark(folder)
    return choice


def confirm_read_only(reason: str, parent: QWidget | None = None) -> bool:
    """A store that can only be read: open it for looking and exporting, or quit."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        APP_DISPLAY_NAME,
        _tr("%1 img-crm can open your data for reading and export, but not change it.").replace(
            "%1", reason
        ),
        parent=parent,
    )
    open_button = box.addButton(_tr("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    return box.clickedButton() is open_button
