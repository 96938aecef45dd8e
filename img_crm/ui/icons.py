"""Icons: the app icon from ``resources/`` and small drawn markers (stage dots)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from img_crm import paths
from img_crm.domain.enums import Stage

# Readable on light and dark backgrounds alike.
STAGE_COLORS = {
    Stage.COLD: "#4a90c2",
    Stage.WARM: "#e0a526",
    Stage.MENTOR: "#e0683c",
    Stage.SPONSOR: "#3fa46a",
}


@cache
def app_icon() -> QIcon:
    folder = paths.resources_dir()
    if folder is None:
        return QIcon()
    return QIcon(str(folder / "icons" / "img-crm.svg"))


@cache
def stage_icon(stage: str) -> QIcon:
    """A filled dot in the stage's colour."""
    color = STAGE_COLORS.get(Stage(stage)) if stage in set(Stage) else None
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color or "#888888"))
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)
