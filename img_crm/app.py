"""GUI start-up: application object, single-instance lock, store, main window."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLockFile, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from img_crm import APP_DISPLAY_NAME, APP_ID, APP_NAME, __version__, paths
from img_crm.errors import DamagedStoreError, UserError


def window_settings(folder: Path) -> QSettings:
    """Window layout lives beside the store, so portable data dirs carry it along."""
    return QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(APP_ID)  # lets Wayland match the window to its .desktop icon
    return app


def acquire_lock(folder: Path) -> QLockFile | None:
    """The data folder's single-instance lock, or None when another img-crm holds it.

    A lock left by a crashed process is reclaimed: Qt sees that its process is
    gone. It never goes stale by age, however long the app stays open.
    """
    paths.ensure_data_dir(folder)
    lock = QLockFile(str(folder / "img-crm.lock"))
    lock.setStaleLockTime(0)
    return lock if lock.tryLock(100) else None


def recover_damaged(folder: Path, error: DamagedStoreError) -> Any:
    """Tell the user in plain words and offer the newest good backup."""
    from img_crm.services.backups import restore_after_damage
    from img_crm.store.db import open_store

    box = QMessageBox(QMessageBox.Icon.Critical, APP_DISPLAY_NAME, str(error))
    restore = None
    if error.backup is not None:
        restore = box.addButton(
            QApplication.translate("App", "Restore the newest backup"),
            QMessageBox.ButtonRole.AcceptRole,
        )
    empty = box.addButton(
        QApplication.translate("App", "Start with an empty store"),
        QMessageBox.ButtonRole.ActionRole,
    )
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    clicked = box.clickedButton()
    if clicked is None or clicked not in (restore, empty):
        return None
    if clicked is restore and error.backup is not None:
        restore_after_damage(folder, Path(str(error.backup)))
    return open_store(folder)


def self_test() -> int:
    """Prove an install works: a store in a temporary folder, migrated, sample data,
    the main window built offscreen, the icon, time zones and every export format.
    Frozen bundles fail in exactly these places when a file is left out. Prints
    one line; 0 only when all is well."""
    import os
    import traceback

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        problems = _self_test_problems()
    except Exception:
        print(f"{APP_NAME} self-test failed:\n{traceback.format_exc()}")
        return 1
    if problems:
        print(f"{APP_NAME} self-test failed: " + "; ".join(problems))
        return 1
    print(f"{APP_NAME} {__version__} self-test passed")
    return 0


def _self_test_problems() -> list[str]:
    import tempfile
    import zoneinfo
    from zoneinfo import ZoneInfo

    from img_crm.services import ical, vcard
    from img_crm.services.csv_io import export_contacts_csv
    from img_crm.services.demo import load_demo
    from img_crm.store.contacts import list_contacts
    from img_crm.store.db import open_store
    from img_crm.store.health import check_store
    from img_crm.ui.icons import app_icon
    from img_crm.ui.main_window import PROFILE_PROMPTED, MainWindow
    from img_crm.ui.ops import Ops

    problems: list[str] = []
    app = make_application()
    if app_icon().isNull() or app_icon().pixmap(64, 64).isNull():
        problems.append("the app icon could not be loaded")
    # The zones must come from the bundled tzdata too: Windows has no zone files
    # of its own, so look them up with the system's database switched off.
    zoneinfo.reset_tzpath(to=[])
    try:
        for zone in ("America/New_York", "Asia/Kolkata", "Africa/Lagos"):
            ZoneInfo.no_cache(zone)  # raises ZoneInfoNotFoundError without tzdata
    except zoneinfo.ZoneInfoNotFoundError:
        problems.append("time zones are missing (the tzdata package was not bundled)")
    finally:
        zoneinfo.reset_tzpath()
    with tempfile.TemporaryDirectory(prefix="img-crm-self-test-") as name:
        folder = Path(name)
        store = open_store(folder)
        with store.session() as session:
            load_demo(session)
            rows = list_contacts(session)
            exported = {
                "CSV": export_contacts_csv(session, folder / "contacts.csv"),
                "vCard": vcard.write_vcards(rows, folder / "contacts.vcf"),
            }
            ical.write_calendar(session, folder / "follow-ups.ics")
        for label, count in exported.items():
            if count != len(rows):
                problems.append(f"{label} export wrote {count} of {len(rows)} contacts")
        ops = Ops(store)
        ops.set_flag(PROFILE_PROMPTED, "1")
        window = MainWindow(ops, window_settings(folder))
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
        app.processEvents()
        shown = window.contacts_tab.model.total_count()
        window.close()
        store.close()
        report = check_store(folder / "img-crm.sqlite3")
        if not report.clean:
            problems.append(f"store check: {report.integrity}")
        if shown < 20:
            problems.append(f"the Contacts tab shows {shown} sample contacts, expected 20 or more")
    return problems


def run_gui(folder: Path) -> int:
    """Start the app on the data folder; return the process exit code."""
    from img_crm.ui.display import display_problem

    problem = display_problem()
    if problem is not None:
        raise UserError(problem)  # before Qt, which would abort the process instead

    from img_crm.store.db import open_store
    from img_crm.ui import error_reporting, theme
    from img_crm.ui.icons import app_icon
    from img_crm.ui.main_window import MainWindow
    from img_crm.ui.ops import Ops

    app = make_application()
    app.setWindowIcon(app_icon())
    paths.ensure_data_dir(folder)
    settings = window_settings(folder)
    choice = str(settings.value("appearance", theme.Appearance.SYSTEM.value))
    theme.apply(
        app,
        theme.Appearance(choice) if choice in set(theme.Appearance) else theme.Appearance.SYSTEM,
    )

    lock = acquire_lock(folder)
    if lock is None:
        QMessageBox.information(
            None,
            APP_DISPLAY_NAME,
            QApplication.translate("App", "%1 is already running with this data folder:\n%2")
            .replace("%1", APP_DISPLAY_NAME)
            .replace("%2", str(folder)),
        )
        return 1
    try:
        store = open_store(folder)
    except DamagedStoreError as exc:
        store = recover_damaged(folder, exc)
        if store is None:
            lock.unlock()
            return 1
    except UserError as exc:
        QMessageBox.critical(None, APP_DISPLAY_NAME, str(exc))
        lock.unlock()
        return 1
    error_reporting.install()
    try:
        # Painted first, filled in right after: a big store shows a window at once.
        window = MainWindow(Ops(store), settings, open_later=True)
        window.show()
        return app.exec()
    finally:
        store.close()
        lock.unlock()
