"""One start-up, measured from inside: the process exits at its first paint.

    python bench/probe.py MODE DATA_DIR

MODE is one of
  floor-window  a bare PySide6 main window holding an empty QTableView
  floor-page    the same window filling one page of contacts from plain sqlite3
  app-window    img-crm's real start-up (img_crm.cli.main), first paint of the window
  app-page      the same, opened on the Contacts tab, first paint of a filled table
  app-everyone  the same, first paint once every contact is read (a big store
                shows its first screen, then reads the rest in a thread)

Prints one JSON line: the wall-clock time of the paint (the parent subtracts
the moment it started the process) and the peak resident memory (VmHWM).
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
PAGE = 40  # rows in one screen of the Contacts table at 1280x800


def peak_rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def report_and_exit(extra: dict[str, Any] | None = None) -> None:
    print(json.dumps({"painted": time.time(), "peak_rss_kib": peak_rss_kib(), **(extra or {})}))
    sys.stdout.flush()
    os._exit(0)  # the measurement is taken; skip teardown in every mode alike


def watch(target_ready: Any) -> Any:
    """An application-wide filter that reports at the first paint of a ready target."""
    from PySide6.QtCore import QEvent, QObject

    class Watcher(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and target_ready(obj):
                report_and_exit()
            return False

    return Watcher()


def floor(mode: str, folder: Path) -> None:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    table = QTableView(window)
    window.setCentralWidget(table)
    window.resize(1280, 800)
    if mode == "floor-page":
        import sqlite3

        model = QStandardItemModel(0, 6, window)
        connection = sqlite3.connect(folder / "img-crm.sqlite3")
        for values in connection.execute(
            "SELECT name, stage, role, institution, email, last_interaction "
            "FROM contact ORDER BY id LIMIT ?",
            (PAGE,),
        ):
            model.appendRow([QStandardItem(str(v or "")) for v in values])
        table.setModel(model)
    watcher = watch(
        lambda obj: obj is table.viewport() or (mode == "floor-window" and obj is window)
    )
    app.installEventFilter(watcher)
    window.show()
    app.exec()


def real_app(mode: str, folder: Path) -> None:
    # The real start's order: the command line (and the store layer it
    # imports) first, Qt after (importing Qt first overstated memory).
    from img_crm.cli import main

    app_module = importlib.import_module("img_crm.app")

    make = app_module.make_application

    everyone = _count_contacts(folder) if mode == "app-everyone" else 0

    def ready(obj: Any) -> bool:
        from PySide6.QtWidgets import QMainWindow, QWidget

        if mode == "app-window":
            return isinstance(obj, QMainWindow)
        if not isinstance(obj, QWidget):
            return False
        built = getattr(obj.window(), "built_tab", None)
        tab = built("contacts") if built is not None else None
        if tab is None or obj is not tab.table.viewport():
            return False
        if mode == "app-everyone":  # the whole list read, not only its first screen
            return bool(tab.model.total_count() == everyone and not tab.background.busy)
        return bool(tab.table.model().rowCount() > 0)

    def make_and_watch(argv: list[str] | None = None) -> Any:
        application = make(argv)
        application.installEventFilter(watcher_holder.setdefault("w", watch(ready)))
        return application

    watcher_holder: dict[str, Any] = {}
    app_module.make_application = make_and_watch
    main(["--data-dir", str(folder)])
    print(json.dumps({"error": "the app exited before its first paint"}))
    sys.exit(1)


def _count_contacts(folder: Path) -> int:
    import sqlite3

    con = sqlite3.connect(f"{(folder / 'img-crm.sqlite3').resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT count(*) FROM contact").fetchone()[0])
    finally:
        con.close()


def prepare_settings(mode: str, folder: Path) -> None:
    """Window state as a returning user has it: 1280x800, on Today or on Contacts."""
    ini = folder / "window.ini"
    tab, on_today = ("1", "false") if mode in ("app-page", "app-everyone") else ("0", "true")
    ini.write_text(f"[window]\ntab={tab}\nopen_on_today={on_today}\n", encoding="utf-8")


if __name__ == "__main__":
    mode, data = sys.argv[1], Path(sys.argv[2])
    if mode.startswith("floor"):
        floor(mode, data)
    else:
        prepare_settings(mode, data)
        real_app(mode, data)
