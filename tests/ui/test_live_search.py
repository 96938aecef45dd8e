"""Search as you type answers every keystroke at once, whatever the last
pass cost: no pause in the typing switches on under load (issue #20)."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from img_crm.ui.views.live_search import LiveSearch


def test_a_slow_pass_does_not_delay_the_next_keystroke(qtbot: QtBot) -> None:
    box = QLineEdit()
    qtbot.addWidget(box)
    seen: list[str] = []

    def apply() -> None:
        seen.append(box.text())
        if len(seen) == 1:
            time.sleep(0.08)  # a pass slower than any pause threshold

    search = LiveSearch(box, apply)
    qtbot.keyClick(box, "n")
    QApplication.processEvents()
    assert seen == ["n"]
    qtbot.keyClick(box, "g")
    assert search.timer.interval() == 0
    QApplication.processEvents()  # one turn of the event loop answers it
    assert seen == ["n", "ng"]


def test_keys_typed_together_are_answered_by_one_pass(qtbot: QtBot) -> None:
    box = QLineEdit()
    qtbot.addWidget(box)
    seen: list[str] = []
    LiveSearch(box, lambda: seen.append(box.text()))
    qtbot.keyClicks(box, "nguy")  # all four queued before the loop turns
    QApplication.processEvents()
    assert seen == ["nguy"]
    box.setText("")
    QApplication.processEvents()
    assert seen == ["nguy", ""]
