"""Start the real app (``img_crm.cli.main``) offscreen and report, as one JSON
line, what was loaded when the main window first painted, then exit.

With ``contacts`` after the folder the window opens on Contacts (as a user
who left it there has it) and the report is taken when the Contacts table
first paints with rows, with how many it shows."""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(folder: str, until: str = "window") -> int:
    from pathlib import Path

    from img_crm import app
    from img_crm.cli import main as cli_main

    make = app.make_application

    def make_and_watch(argv: list[str] | None = None) -> object:
        from PySide6.QtCore import QEvent, QObject
        from PySide6.QtWidgets import QMainWindow, QWidget

        application = make(argv)

        class Watcher(QObject):
            def eventFilter(self, obj: QObject, event: QEvent) -> bool:
                if event.type() != QEvent.Type.Paint:
                    return False
                if until == "window" and isinstance(obj, QMainWindow):
                    built = [key for key in ("today", "contacts") if obj.built_tab(key)]  # type: ignore[attr-defined]
                    report({"built": built})
                if until == "contacts" and isinstance(obj, QWidget):
                    tab = getattr(obj.window(), "built_tab", lambda _key: None)("contacts")
                    if tab is not None and obj is tab.table.viewport():
                        rows = tab.table.model().rowCount()
                        if rows:
                            report({"rows": rows})
                return False

        def report(extra: dict[str, object]) -> None:
            loaded = sorted(
                name
                for name in ("sqlalchemy", "sqlmodel", "pydantic", "rapidfuzz")
                if name in sys.modules
            )
            print(json.dumps({"loaded": loaded, **extra}), flush=True)
            os._exit(0)

        watcher = Watcher(application)
        application.installEventFilter(watcher)
        return application

    if until == "contacts":  # the window state of a user who left it on Contacts
        state = "[window]\ntab=1\nopen_on_today=false\n"
        (Path(folder) / "window.ini").write_text(state, encoding="utf-8")
    app.make_application = make_and_watch  # type: ignore[assignment]
    return cli_main(["--data-dir", folder])


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
