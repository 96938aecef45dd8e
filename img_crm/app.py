"""GUI start-up: application object, single-instance lock, store, main window."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from img_crm import APP_DISPLAY_NAME, APP_ID, APP_NAME, __version__, paths
from img_crm.errors import DamagedStoreError, MissingStoreError, UserError
from img_crm.ui.source_reading import read_sources_once

# PySide6 was imported just above, before any other module of the window and
# any thread: from here on its import hook keeps no module's source.
read_sources_once()


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


def write_pdf(html: str, destination: Path, title: str) -> None:
    """Draw an HTML page as a PDF: the Qt part of the command line's exports."""
    from img_crm.ui.pdf import write_pdf as draw

    draw(html, destination, title=title)


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
    from img_crm.store.contact_rows import list_contacts
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
        problems += _protection_problems(folder, len(rows))
        if shown < 20:
            problems.append(f"the Contacts tab shows {shown} sample contacts, expected 20 or more")
    return problems


def _protection_problems(folder: Path, contacts: int) -> list[str]:
    """SQLCipher is in this install: the sample store put under a passphrase
    holds no name in the clear and opens again with the passphrase only."""
    from img_crm.errors import LockedStoreError
    from img_crm.services import protection
    from img_crm.store import cipher
    from img_crm.store.contact_rows import list_contacts
    from img_crm.store.db import open_store

    passphrase = "self-test passphrase"
    store = open_store(folder)
    try:
        protection.protect(store, passphrase)
    finally:
        store.close()
    if b"Margaret Hughes" in (folder / "img-crm.sqlite3").read_bytes():
        return ["the protected store holds names in the clear (SQLCipher missing?)"]
    cipher.forget_all()
    try:
        open_store(folder).close()
        return ["a protected store opened without its passphrase"]
    except LockedStoreError:
        pass
    protection.unlock(folder, passphrase)
    store = open_store(folder)
    try:
        with store.plain() as connection:
            found = len(list_contacts(connection))
    finally:
        store.close()
        cipher.forget_all()
    if found != contacts:
        return [f"the protected store shows {found} of {contacts} contacts"]
    return []


def _unlocked_from_file(folder: Path) -> bool:
    """A scripted start (a kiosk, a benchmark): the passphrase file that
    ``IMG_CRM_PASSPHRASE_FILE`` names serves the window as it serves the
    commands; a file that does not open the store leaves the question to the
    dialog."""
    import os

    from img_crm.services import protection

    named = os.environ.get(protection.FILE_VARIABLE)
    if not named:
        return False
    try:
        protection.unlock(folder, protection.read_passphrase_file(Path(named)))
    except UserError:
        return False
    return True


def _open_for_window(folder: Path, lock_problem: str | None, parent: QWidget | None = None) -> Any:
    """The store for the window, after any question opening it raises; None: quit."""
    from img_crm.services import protection
    from img_crm.store import health
    from img_crm.store.db import open_store
    from img_crm.ui import store_dialogs

    if protection.is_locked(folder) and not _unlocked_from_file(folder):
        from img_crm.ui.views.passphrase_dialogs import Mode, ask

        if not ask(Mode.UNLOCK, lambda current, _new: protection.unlock(folder, current), parent):
            return None
    notice = health.failed_check_notice(folder)
    forced = lock_problem
    if notice is not None and lock_problem is None:
        choice = store_dialogs.after_failed_check(folder, notice, parent)
        if choice is None:
            return None
        if choice == "read-only":
            forced = notice
    try:
        store = open_store(folder, read_only=forced, check_later=True)
    except (DamagedStoreError, MissingStoreError) as exc:
        return store_dialogs.recover(folder, exc, parent)
    if store.read_only is not None and not store_dialogs.confirm_read_only(store.read_only, parent):
        store.close()
        return None
    return store


def close_on_signals(window: QWidget) -> None:
    """SIGTERM and SIGHUP (logout, shutdown, ``kill``) close the window as File →
    Quit does: the state is saved, the on-close backup made, the lock released.

    Python runs a signal handler only between bytecodes, so a short timer gives
    it the chance while Qt's event loop waits; the handler itself only asks the
    window to close at the loop's next turn."""
    import signal

    def request_close(_signum: int, _frame: object) -> None:
        QTimer.singleShot(0, getattr(window, "end_session", window.close))

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), request_close)
    wake = QTimer(window)
    wake.setInterval(200)
    wake.timeout.connect(lambda: None)
    wake.start()


def run_gui(folder: Path) -> int:
    """Start the app on the data folder; return the process exit code.

    The window paints first, with Qt and plain Python only: the store layer
    (SQLAlchemy, SQLModel, pydantic, the tables: about half a second) is
    imported, and the store opened and checked, just after that first paint,
    with any question it raises asked over the window."""
    from img_crm.ui.display import display_problem, release_probe

    paths.keep_files_private()

    problem = display_problem()
    if problem is not None:
        raise UserError(problem)  # before Qt, which would abort the process instead

    from img_crm.ui import error_reporting, store_dialogs, theme
    from img_crm.ui.icons import app_icon
    from img_crm.ui.main_window import MainWindow

    app = make_application()
    release_probe()
    app.setWindowIcon(app_icon())
    settings = window_settings(folder)
    choice = str(settings.value("appearance", theme.Appearance.SYSTEM.value))
    theme.apply(
        app,
        theme.Appearance(choice) if choice in set(theme.Appearance) else theme.Appearance.SYSTEM,
    )

    lock, lock_problem = store_dialogs.try_lock(folder)
    if lock is None and lock_problem is None:
        QMessageBox.information(
            None,
            APP_DISPLAY_NAME,
            QApplication.translate("App", "%1 is already running with this data folder:\n%2")
            .replace("%1", APP_DISPLAY_NAME)
            .replace("%2", str(folder)),
        )
        return 1
    error_reporting.install()
    opened: list[Any] = []

    def open_store_over(window: QWidget) -> Any:
        try:
            store = _open_for_window(folder, lock_problem, window)
        except UserError as exc:
            QMessageBox.critical(window, APP_DISPLAY_NAME, str(exc))
            store = None
        if store is None:
            return None
        from img_crm.ui.ops import Ops

        opened.append(store)
        return Ops(store)

    try:
        window = MainWindow(None, settings, opener=open_store_over)
        close_on_signals(window)
        window.show()
        code = app.exec()
        return code if opened else 1
    finally:
        for store in opened:
            store.close()
        if lock is not None:
            lock.unlock()
