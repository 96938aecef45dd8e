"""PySide6's import hook answers "does this module use PySide6?" for every
module imported after it; with ``read_sources_once`` it still answers right,
but no module's lines stay in ``linecache`` (20 MiB with the ORM loaded)."""

from __future__ import annotations

import linecache
import sys
from pathlib import Path

import pytest

import img_crm.app  # noqa: F401  (imports PySide6 and calls read_sources_once)
from img_crm.ui.source_reading import read_sources_once


def test_the_hook_is_there_to_change() -> None:
    # Fails when a PySide6 release renames the private function: then the
    # 20 MiB are back, and this module needs another look.
    assert read_sources_once() is True
    support = sys.modules["shibokensupport.feature"]
    assert getattr(support._mod_uses_pyside, "reads_bytes", False)


def test_imported_modules_are_judged_right_and_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plain_module_20.py").write_text("VALUE = 1\n" * 2000, encoding="utf-8")
    (tmp_path / "qt_module_20.py").write_text(
        "from PySide6.QtCore import QObject\nVALUE = QObject\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("plain_module_20", "qt_module_20"):
        monkeypatch.delitem(sys.modules, name, raising=False)
        __import__(name)  # as an import statement does (the hook is on __import__)
    feature = sys.modules["shibokensupport.feature"].pyside_feature_dict
    assert feature["plain_module_20"] == -1  # ignored by feature switching
    assert feature["qt_module_20"] == 0  # uses PySide6
    kept = {Path(name).name for name in linecache.cache}
    assert "plain_module_20.py" not in kept and "qt_module_20.py" not in kept
