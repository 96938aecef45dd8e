"""The one dialog base: wide enough that a window manager shows its whole
title ("New letter — IMG CRM", not "New lett… IMG CRM")."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics, QShowEvent
from PySide6.QtWidgets import QApplication, QDialog

from img_crm import APP_DISPLAY_NAME

#: What a title bar needs beside the text: its buttons, an icon, margins.
TITLE_BAR_ROOM = 170
NARROWEST = 360


def title_width(dialog: QDialog) -> int:
    """The width at which the dialog's title, as title bars show it with the
    app's name, is not cut."""
    title = f"{dialog.windowTitle()} — {APP_DISPLAY_NAME}"
    font = QFont(QApplication.font())
    font.setBold(True)  # title bars often are; measure the wider
    metrics = QFontMetrics(font)
    return max(NARROWEST, metrics.horizontalAdvance(title) + TITLE_BAR_ROOM)


class Dialog(QDialog):
    def showEvent(self, event: QShowEvent) -> None:
        wanted = title_width(self)
        if self.minimumWidth() < wanted:
            self.setMinimumWidth(wanted)
        super().showEvent(event)
