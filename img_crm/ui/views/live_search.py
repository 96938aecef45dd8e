"""Search as you type, for any list with a search box.

A 0 ms single-shot timer folds a burst of queued keystrokes into one pass;
only when a pass proved slow (a huge list on a slow machine) does it wait
for a pause in the typing before the next.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLineEdit

#: A pass slower than this makes the next one wait for a pause in the typing.
SLOW_SEARCH_SECONDS = 0.05
SEARCH_PAUSE_MS = 150


class LiveSearch(QObject):
    """Runs ``apply`` as the user types in ``box`` (and at once on Return)."""

    def __init__(self, box: QLineEdit, apply: Callable[[], None]) -> None:
        super().__init__(box)
        self.box = box
        self._apply = apply
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.run)
        box.textChanged.connect(self.timer.start)
        box.returnPressed.connect(self.run)

    def run(self) -> None:
        """One pass now; a pending one is dropped."""
        self.timer.stop()
        started = time.perf_counter()
        self._apply()
        if self.box.text():  # clearing the box says nothing about typing speed
            slow = time.perf_counter() - started > SLOW_SEARCH_SECONDS
            self.timer.setInterval(SEARCH_PAUSE_MS if slow else 0)
