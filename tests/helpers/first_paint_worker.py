"""Start the real app (``img_crm.cli.main``) offscreen and report, as one JSON
line, what was loaded when the main window first painted, then exit."""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(folder: str) -> int:
    from img_crm import app
    from img_crm.cli import main as cli_main

    make = app.make_application

    def make_and_watch(argv: list[str] | None = None) -> object:
        from PySide6.QtCore import QEvent, QObject
        from PySide6.QtWidgets import QMainWindow

        application = make(argv)

        class Watcher(QObject):
            def eventFilter(self, obj: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow):
                    built = [key for key in ("today", "contacts") if obj.built_tab(key)]  # type: ignore[attr-defined]
                    loaded = sorted(
                        name
                        for name in ("sqlalchemy", "sqlmodel", "pydantic", "rapidfuzz")
                        if name in sys.modules
                    )
                    print(json.dumps({"loaded": loaded, "built": built}), flush=True)
                    os._exit(0)
                return False

        watcher = Watcher(application)
        application.installEventFilter(watcher)
        return application

    app.make_application = make_and_watch  # type: ignore[assignment]
    return cli_main(["--data-dir", folder])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
