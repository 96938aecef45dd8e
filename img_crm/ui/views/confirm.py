"""The one question asked before anything is deleted.

Every tab asks it the same way: a warning box whose safe answer, Cancel, is
the default, and whose other button says what it does ("Delete", not "Yes").
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


def confirm_delete(parent: QWidget, title: str, question: str, details: str = "") -> bool:
    """True only when the user pressed Delete."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, question, parent=parent)
    if details:
        box.setInformativeText(details)
    delete = box.addButton(
        QApplication.translate("Confirm", "Delete"), QMessageBox.ButtonRole.DestructiveRole
    )
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is delete
