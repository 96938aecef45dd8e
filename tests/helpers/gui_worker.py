"""Run the real GUI start-up (app.run_gui) offscreen on a data folder, for the
tests that end it with a signal or act on the store while it is open.

Once the window has loaded, it logs an activity through the window's own write
path (so the on-close backup has something to back up) and prints "ready".
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer

from img_crm import app
from img_crm.ui.main_window import MainWindow


def main(folder: str) -> int:
    qt_app = app.make_application()

    def when_loaded() -> None:
        windows = [w for w in qt_app.topLevelWidgets() if isinstance(w, MainWindow)]
        if not windows or not windows[0].is_open:
            QTimer.singleShot(100, when_loaded)
            return
        windows[0].ops.add_activity({"kind": "meeting", "occurred_on": date(2026, 11, 20)})
        print("ready", flush=True)

    QTimer.singleShot(300, when_loaded)
    return app.run_gui(Path(folder))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
