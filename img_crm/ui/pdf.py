"""HTML to PDF through Qt's text layout, written atomically with QSaveFile.

Lives in ``ui/`` because it needs Qt; the CLI imports it lazily and gets an
offscreen QGuiApplication when no application exists.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileDevice, QMarginsF, QSaveFile
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from img_crm.errors import UserError
from img_crm.services.atomic import refuse_protected


def _ensure_app() -> None:
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QGuiApplication(["img-crm"])


def write_pdf(html: str, destination: Path, *, title: str = "") -> None:
    """Render ``html`` to a US Letter PDF at ``destination``, all or nothing."""
    refuse_protected(destination)
    _ensure_app()
    if not destination.parent.is_dir():
        raise UserError(f"The folder {destination.parent} does not exist.")
    target = QSaveFile(str(destination))
    if not target.open(QSaveFile.OpenModeFlag.WriteOnly):
        raise UserError(f"Cannot write {destination}: {target.errorString()}.")
    # owner-only whatever the process's umask (the temporary file is renamed into place)
    target.setPermissions(QFileDevice.Permission.ReadOwner | QFileDevice.Permission.WriteOwner)
    writer = QPdfWriter(target)
    writer.setTitle(title)
    writer.setCreator("img-crm")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.Letter),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    document = QTextDocument()
    document.setHtml(html)
    document.print_(writer)
    del writer  # finish the PDF before committing the file
    if not target.commit():
        raise UserError(f"Cannot write {destination}: {target.errorString()}.")
