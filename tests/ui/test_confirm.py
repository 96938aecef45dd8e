"""The delete question: Return and Escape keep the data; only Delete deletes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from img_crm.ui.views.confirm import confirm_delete


def _answer(act: Callable[[QMessageBox], None]) -> None:
    def later() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        act(box)

    QTimer.singleShot(0, later)


def _press(key: Qt.Key) -> Callable[[QMessageBox], None]:
    def act(box: QMessageBox) -> None:
        QtBot.keyClick(box, key)

    return act


def _click_delete(box: QMessageBox) -> None:
    (delete,) = [b for b in box.buttons() if b.text() == "Delete"]
    assert box.buttonRole(delete) == QMessageBox.ButtonRole.DestructiveRole
    delete.click()


@pytest.mark.parametrize(
    ("act", "expected"),
    [(_press(Qt.Key.Key_Return), False), (_press(Qt.Key.Key_Escape), False), (_click_delete, True)],
)
def test_only_the_delete_button_deletes(
    qtbot: QtBot, act: Callable[[QMessageBox], None], expected: bool
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    _answer(act)
    assert (
        confirm_delete(parent, "Delete letter", "Stop tracking this letter?", "Details") is expected
    )
