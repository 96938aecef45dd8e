"""Tabs that load when looked at.

The main window holds seven tabs; loading all of them at start-up meant
reading every contact three times and every activity once before the first
paint. A tab now loads when it is first shown, and a store change reloads it
at once only while it is on screen; otherwise it is marked stale and reloads
the next time the user opens it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class LazyLoader(QObject):
    """Runs ``load`` for ``widget`` now (eager) or when the widget is shown (lazy)."""

    def __init__(
        self,
        widget: QWidget,
        load: Callable[[], None],
        *,
        signals: Iterable[Any] = (),
        lazy: bool = False,
    ) -> None:
        super().__init__(widget)
        self._widget = widget
        self._load = load
        self._lazy = lazy
        self.stale = True
        for signal in signals:
            signal.connect(self.changed)
        widget.installEventFilter(self)
        if not lazy:
            self.reload()

    def on_screen(self) -> bool:
        """Shown, or would be once its window is (the current tab of a hidden window)."""
        window = self._widget.window()
        return window is self._widget or self._widget.isVisibleTo(window)

    def changed(self, *_args: object) -> None:
        """The store changed: reload now if the user can see it, else later."""
        if not self._lazy or self.on_screen():
            self.reload()
        else:
            self.stale = True

    def ensure_loaded(self) -> None:
        if self.stale:
            self.reload()

    def reload(self) -> None:
        self.stale = False
        self._load()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The garbage collector can clear this object's attributes while Qt
        # still holds it (a window closed and not yet deleted): it then has
        # nothing to load, and says so by doing nothing rather than raising
        # inside Qt's event loop.
        widget = getattr(self, "_widget", None)
        shown = event.type() == QEvent.Type.Show
        if widget is not None and watched is widget and shown and self.stale:
            self.reload()
        return False
