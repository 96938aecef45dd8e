"""Names from every script sit at the start of their Today row."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from img_crm.ui.views.today_rows import _TwoLineRow


def _first_ink(row: _TwoLineRow) -> int:
    """The leftmost column of the name label that holds text."""
    image = row.findChildren(QLabel)[0].grab().toImage()
    background = QColor(image.pixelColor(image.width() - 1, 0))
    for x in range(image.width()):
        for y in range(image.height()):
            if image.pixelColor(x, y) != background:
                return x
    raise AssertionError("nothing drawn")


@pytest.mark.parametrize("name", ["Emily Carter", "محمد الأحمد", "דוד לוי", "अनन्या शर्मा"])
def test_a_name_in_any_script_starts_at_the_left_of_its_row(qtbot: QtBot, name: str) -> None:
    row = _TwoLineRow(name, "Warm · 3 days late", "Log…", "Open")
    qtbot.addWidget(row)
    row.resize(460, row.sizeHint().height())
    row.show()
    qtbot.waitExposed(row)
    assert row.findChildren(QLabel)[0].width() > 200
    assert _first_ink(row) < 8, name
