"""Keep PySide6's import hook from holding the source of every module.

Once imported, PySide6 asks of each module imported after it whether the
module's source mentions "PySide6" (PYSIDE-2029, for its ``__feature__``
switches, which img-crm does not use). It asks through
``inspect.getsource``, and that keeps every line of every module in
``linecache`` for the life of the process: about 20 MiB once SQLAlchemy,
SQLModel and pydantic load behind the window (issue #20). Reading the file's
bytes answers the same question and keeps nothing.

This replaces a private function of shiboken's support package. When a
PySide6 release renames or drops it, ``read_sources_once`` changes nothing
(``tests/ui/test_source_reading.py`` says so by failing).
"""

from __future__ import annotations

import linecache
import sys
from types import ModuleType
from typing import Any

_SUPPORT = "shibokensupport.feature"
_ASKS = "_mod_uses_pyside"


def read_sources_once() -> bool:
    """Make the hook read source files without caching them, and drop what it
    cached so far. True when the hook was there to change. Call it on the
    main thread before any other thread imports (``linecache`` is not
    thread-safe)."""
    support = sys.modules.get(_SUPPORT)
    original: Any = getattr(support, _ASKS, None)
    if support is None or original is None:
        return False
    if getattr(original, "reads_bytes", False):
        return True

    def mentions_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(original(module))  # a built-in, compiled or frozen module
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(original(module))

    mentions_pyside.reads_bytes = True  # type: ignore[attr-defined]
    setattr(support, _ASKS, mentions_pyside)
    linecache.clearcache()
    return True
