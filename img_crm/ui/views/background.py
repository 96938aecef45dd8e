"""One job at a time off the GUI thread, its result handed back on the GUI thread.

A 100,000-contact list takes seconds to read and prepare; the Contacts tab
shows its first screen at once and reads the rest here. The job runs in a
plain Python thread (SQLite and most of the reading release the GIL, and the
GUI thread idles in Qt's loop meanwhile); its result comes back through a
queued signal, and only the newest job's result is used: one started later,
or a ``cancel``, makes an earlier result stale.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal


class Background(QObject):
    _finished = Signal(int, object, object)  # generation, result, error

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._running: int | None = None
        self._done: Callable[[Any], None] = lambda _result: None
        self._failed: Callable[[BaseException], None] = lambda _error: None
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        """A job is running whose result will still be used."""
        return self._running == self._generation

    def start(
        self,
        job: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """Run ``job`` in a thread; then ``done(result)`` or ``failed(error)``
        on the GUI thread, unless another job was started or ``cancel`` called."""
        self._generation += 1
        generation = self._running = self._generation
        self._done, self._failed = done, failed

        def run() -> None:
            result: Any = None
            error: BaseException | None = None
            try:
                result = job()
            except BaseException as exc:  # handed to the GUI thread, which reports it
                error = exc
            # RuntimeError: the owner was deleted (the window closed): nobody to tell.
            with contextlib.suppress(RuntimeError):
                self._finished.emit(generation, result, error)

        threading.Thread(target=run, name="img-crm-background", daemon=True).start()

    def cancel(self) -> None:
        """The running job's result, when it comes, is not wanted."""
        self._generation += 1

    def _deliver(self, generation: int, result: Any, error: BaseException | None) -> None:
        if generation != self._generation:
            return
        self._running = None
        if error is not None:
            self._failed(error)
        else:
            self._done(result)
