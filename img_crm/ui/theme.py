"""Light and dark appearance.

"System" leaves Qt to follow the desktop (Windows, macOS and most Linux
desktops report a colour scheme). "Light" and "Dark" force a Fusion palette,
which also works where the platform reports nothing. Colours used in the app
come from the palette, never hard-coded for one scheme.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory


class Appearance(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


def dark_palette() -> QPalette:
    palette = QPalette()
    base, window, text = QColor(30, 32, 36), QColor(42, 45, 50), QColor(232, 232, 232)
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor(38, 41, 46),
        QPalette.ColorRole.ToolTipBase: window,
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor(150, 150, 150),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: window,
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor(255, 90, 90),
        QPalette.ColorRole.Link: QColor(110, 170, 255),
        QPalette.ColorRole.Highlight: QColor(52, 120, 190),
        QPalette.ColorRole.HighlightedText: QColor(255, 255, 255),
        QPalette.ColorRole.Mid: QColor(70, 74, 80),
        QPalette.ColorRole.Dark: QColor(20, 22, 25),
        QPalette.ColorRole.Light: QColor(70, 74, 80),
    }
    for role, color in roles.items():
        palette.setColor(role, color)
    disabled = QColor(128, 128, 128)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def apply(app: QApplication, appearance: Appearance) -> None:
    if appearance is Appearance.SYSTEM:
        return
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        app.setStyle(fusion)
    if appearance is Appearance.DARK:
        app.setPalette(dark_palette())
    else:
        app.setPalette(fusion.standardPalette() if fusion is not None else QPalette())


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128
