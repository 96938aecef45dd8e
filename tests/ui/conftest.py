from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from img_crm.app import window_settings
from img_crm.store.db import Store
from img_crm.ui.main_window import PROFILE_PROMPTED, MainWindow
from img_crm.ui.ops import Ops


@pytest.fixture(autouse=True)
def _closing_a_changed_form_discards(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytest-qt closes every widget after a test, and a form with changes
    asks before it closes (a modal box nobody would answer): the answer is
    Discard. Any other question a test did not answer itself fails it."""

    def question(parent: object, title: str, *args: object, **kwargs: object) -> object:
        if title == "Discard changes?":
            return QMessageBox.StandardButton.Discard
        raise AssertionError(f"a question the test did not answer: {title!r}")

    monkeypatch.setattr(QMessageBox, "question", question)


@pytest.fixture
def ops(store: Store) -> Ops:
    return Ops(store)


@pytest.fixture
def demo_ops(demo_store: Store) -> Ops:
    return Ops(demo_store)


@pytest.fixture
def make_window(qtbot: QtBot, data_dir: Path) -> Iterator[object]:
    """Build main windows on a store; the profile prompt is marked done unless asked."""
    windows: list[MainWindow] = []

    def make(ops: Ops, *, prompt_profile: bool = False) -> MainWindow:
        if not prompt_profile:
            ops.set_flag(PROFILE_PROMPTED, "1")
        window = MainWindow(ops, window_settings(data_dir))
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
