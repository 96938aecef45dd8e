"""Light and dark appearance, switched while the app runs, and legible in both.

"System" is the desktop's own style and palette, remembered at start-up so
that it can be brought back. "Light" and "Dark" force a Fusion palette, which
also works where the platform reports nothing.

Every colour the app paints text or a chart with comes from here, made
legible against the palette's backgrounds (WCAG AA: 4.5:1 for text, 3:1 for
the bars and lines of a chart), so a new palette never hides a label. Widgets
that keep a tone of their own (secondary text, an error under a field) are
marked with ``set_tone`` and recoloured by ``retone`` when the palette
changes; everything else is redrawn by its tab's reload.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget


class Appearance(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


#: WCAG AA: normal text, and large text or the parts of a chart.
TEXT_RATIO = 4.5
GRAPHIC_RATIO = 3.0

#: The hue of each tone; its lightness follows the palette (``tone``).
TONES = {
    "alert": "#d32f2f",
    "good": "#2e7d32",
    "warn": "#b26a00",
}

_TONE_PROPERTY = "imgCrmTone"


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
        QPalette.ColorRole.PlaceholderText: QColor(160, 160, 160),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: window,
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor(255, 90, 90),
        QPalette.ColorRole.Link: QColor(110, 170, 255),
        QPalette.ColorRole.LinkVisited: QColor(190, 150, 255),
        QPalette.ColorRole.Highlight: QColor(45, 105, 170),
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


def light_palette() -> QPalette:
    """Fusion's light palette, with the two roles it leaves below AA: the
    half-transparent placeholder text (3.8:1 on its window) and white on
    its highlight (3.7:1)."""
    fusion = QStyleFactory.create("Fusion")
    palette = fusion.standardPalette() if fusion is not None else QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.PlaceholderText, QColor(95, 99, 104))
        palette.setColor(group, QPalette.ColorRole.Highlight, QColor(31, 103, 168))
        palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))
    return palette


_system: tuple[str, QPalette] | None = None


def apply(app: QApplication, appearance: Appearance) -> None:
    """Switch the whole app's palette now (the system one is remembered the
    first time, to come back to)."""
    global _system
    if _system is None:
        _system = (app.style().name(), QPalette(app.palette()))
        if appearance is Appearance.SYSTEM:
            return  # the app already has the system's style and palette
    if appearance is Appearance.SYSTEM:
        style_name, palette = _system
        if app.style().name() != style_name:
            style = QStyleFactory.create(style_name)
            if style is not None:
                app.setStyle(style)
        app.setPalette(palette)
        return
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None and app.style().name().casefold() != "fusion":
        app.setStyle(fusion)
    app.setPalette(dark_palette() if appearance is Appearance.DARK else light_palette())


def is_dark(palette: QPalette) -> bool:
    return _dark_window(palette.color(QPalette.ColorRole.Window))


def _dark_window(window: QColor) -> bool:
    return window.lightness() < 128


def luminance(color: QColor) -> float:
    """WCAG relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.red())
        + 0.7152 * channel(color.green())
        + 0.0722 * channel(color.blue())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def over(color: QColor, background: QColor) -> QColor:
    """``color`` as seen on ``background`` (its alpha blended in)."""
    alpha = color.alphaF()
    return QColor(
        round(color.red() * alpha + background.red() * (1 - alpha)),
        round(color.green() * alpha + background.green() * (1 - alpha)),
        round(color.blue() * alpha + background.blue() * (1 - alpha)),
    )


def backgrounds(palette: QPalette) -> tuple[QColor, QColor]:
    """What text sits on: the window, and the base of lists and fields."""
    return palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.Base)


def legible(color: QColor, palette: QPalette, ratio: float = TEXT_RATIO) -> QColor:
    """``color``, darkened on a light palette or lightened on a dark one just
    enough to reach ``ratio`` against both of its backgrounds."""
    window, base = backgrounds(palette)
    return QColor.fromRgba(_legible(color.rgba(), window.rgba(), base.rgba(), ratio))


@lru_cache(maxsize=256)
def _legible(color: int, window_rgba: int, base_rgba: int, ratio: float) -> int:
    """``legible`` on plain values, worked out once per colour and palette:
    cards and the Plan ask for the same few colours at every paint."""
    window, base = QColor.fromRgba(window_rgba), QColor.fromRgba(base_rgba)
    found = over(QColor.fromRgba(color), window)
    dark = _dark_window(window)
    hue, saturation, lightness = found.hslHueF(), found.hslSaturationF(), found.lightnessF()
    while min(contrast(found, window), contrast(found, base)) < ratio:
        lightness = min(1.0, lightness + 0.02) if dark else max(0.0, lightness - 0.02)
        found = QColor.fromHslF(max(hue, 0.0), saturation, lightness)
        if lightness in (0.0, 1.0):
            break
    return found.rgba()


def tone(palette: QPalette, name: str) -> QColor:
    """A named text colour (``TONES``, or "muted" for secondary text) that
    meets AA on this palette."""
    if name == "muted":
        return legible(palette.color(QPalette.ColorRole.PlaceholderText), palette)
    return legible(QColor(TONES[name]), palette)


def graphic(color: str, palette: QPalette) -> QColor:
    """A chart's bar or line colour, at 3:1 against the background."""
    return legible(QColor(color), palette, GRAPHIC_RATIO)


def set_tone(widget: QWidget, name: str) -> None:
    """Draw ``widget``'s text in a tone, now and after every palette change."""
    widget.setProperty(_TONE_PROPERTY, name)
    _paint_tone(widget, name)


def clear_tone(widget: QWidget) -> None:
    """Draw ``widget``'s text in the palette's own colour again."""
    widget.setProperty(_TONE_PROPERTY, "")
    widget.setPalette(QPalette())  # nothing of its own: it follows the app's


def _paint_tone(widget: QWidget, name: str) -> None:
    palette = QPalette(QApplication.palette(widget))
    color = tone(palette, name)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        palette.setColor(QPalette.ColorGroup.Active, role, color)
        palette.setColor(QPalette.ColorGroup.Inactive, role, color)
    widget.setPalette(palette)


def retone(app: QApplication) -> None:
    """Recolour every widget marked by ``set_tone`` from the current palette
    (a widget with a palette of its own no longer follows the app's)."""
    for widget in app.allWidgets():
        name = widget.property(_TONE_PROPERTY)
        if isinstance(name, str) and name:
            _paint_tone(widget, name)
