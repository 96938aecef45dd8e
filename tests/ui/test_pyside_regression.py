"""PySide6 6.12.0 on Python 3.11 drops a reference to None on every void Qt call.

After about 5,000 calls the interpreter aborts with "none_dealloc". The pin in
pyproject.toml keeps us off that release; this test proves the installed one
survives well past the crash point.
"""

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_twenty_thousand_void_calls_survive(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    for n in range(20_000):
        label.setText(str(n))
    assert label.text() == "19999"
