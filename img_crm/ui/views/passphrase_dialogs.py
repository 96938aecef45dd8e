"""The passphrase questions: to open a protected store, to protect it, to
change or remove its passphrase (issue #23).

Each dialog only asks; what it is given goes to a callback (the services),
whose refusal (a wrong passphrase, one too short) is shown under the field
and the dialog stays open for another try. The fields never echo, and the
text is cleared from them as soon as the dialog is done with it.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from img_crm.ui.views.dialog import Dialog
from img_crm.ui.views.fields import ErrorLabel

#: What each dialog is for.
Mode = Enum("Mode", "UNLOCK PROTECT CHANGE REMOVE ARCHIVE OPEN_ARCHIVE BACKUP")

#: The callback: (the current passphrase or "", the new one or "") -> None; a
#: ``UserError`` it raises is shown and the dialog stays open.
Answer = Callable[[str, str], object]


def _secret(parent: QWidget, name: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    # No input method in the middle: a candidate window would show the text.
    field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
    return field


class PassphraseDialog(Dialog):
    """Ask for the passphrase(s) ``mode`` needs and give them to ``answer``."""

    def __init__(self, mode: Mode, answer: Answer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._mode = mode
        self._answer = answer
        titles = {
            Mode.UNLOCK: self.tr("Open the protected store"),
            Mode.PROTECT: self.tr("Protect with a passphrase"),
            Mode.CHANGE: self.tr("Change the passphrase"),
            Mode.REMOVE: self.tr("Remove the passphrase"),
            Mode.ARCHIVE: self.tr("Encrypt the export"),
            Mode.OPEN_ARCHIVE: self.tr("Open the encrypted export"),
            Mode.BACKUP: self.tr("Open the protected backup"),
        }
        intros = {
            Mode.UNLOCK: self.tr(
                "Your store is protected with a passphrase. Type it to open the store."
            ),
            Mode.PROTECT: self.tr(
                "The store and its backups will be encrypted with a passphrase, so anyone "
                "else at this computer cannot read them. Without the passphrase nobody can "
                "read them again, img-crm included: keep it where you keep your other "
                "passwords. Exports (CSV, PDF and the others) are not protected."
            ),
            Mode.CHANGE: self.tr(
                "The store and its backups will open with the new passphrase only."
            ),
            Mode.REMOVE: self.tr(
                "The store and its backups will be plain files again: anyone at this "
                "computer could read them. Type the passphrase to confirm."
            ),
            Mode.ARCHIVE: self.tr(
                "The whole store goes into a .zip encrypted with AES-256. It opens with this "
                "passphrase here, in 7-Zip or in WinZip. It may be your store's passphrase or "
                "another one."
            ),
            Mode.OPEN_ARCHIVE: self.tr("Type the passphrase the export was encrypted with."),
            Mode.BACKUP: self.tr(
                "This backup was made under another passphrase (one the store had before). "
                "Type that passphrase to restore it; the store keeps its own."
            ),
        }
        self.setWindowTitle(titles[mode])
        self.setMinimumWidth(440)
        intro = QLabel(intros[mode], self)
        intro.setWordWrap(True)
        form = QFormLayout()
        self.current = _secret(self, self.tr("Passphrase"))
        self.new = _secret(self, self.tr("New passphrase"))
        self.again = _secret(self, self.tr("New passphrase again"))
        new_only = mode in (Mode.PROTECT, Mode.ARCHIVE)
        if not new_only:
            label = (
                self.tr("&Current passphrase") if mode is Mode.CHANGE else self.tr("&Passphrase")
            )
            form.addRow(label, self.current)
        if mode in (Mode.PROTECT, Mode.CHANGE, Mode.ARCHIVE):
            form.addRow(self.tr("&New passphrase"), self.new)
            form.addRow(self.tr("New passphrase &again"), self.again)
        # The fields this question does not ask stay out of sight (and of Tab).
        self.current.setVisible(not new_only)
        for field in (self.new, self.again):
            field.setVisible(mode in (Mode.PROTECT, Mode.CHANGE, Mode.ARCHIVE))
        self._new_only = new_only
        first = self.new if new_only else self.current
        self.error = ErrorLabel(first, self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok_texts = {
            Mode.UNLOCK: self.tr("&Open"),
            Mode.PROTECT: self.tr("&Protect"),
            Mode.CHANGE: self.tr("C&hange"),
            Mode.REMOVE: self.tr("&Remove the passphrase"),
            Mode.ARCHIVE: self.tr("&Export"),
            Mode.OPEN_ARCHIVE: self.tr("&Open"),
            Mode.BACKUP: self.tr("&Open"),
        }
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(ok_texts[mode])
        if mode is Mode.UNLOCK:
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("&Quit"))
        buttons.accepted.connect(self._try)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        for field in (self.current, self.new, self.again):
            field.textEdited.connect(lambda _text: self.error.show_error(None))
        first.setFocus()

    def _try(self) -> None:
        if self.new.isVisibleTo(self) and self.new.text() != self.again.text():
            self.error.show_error(self.tr("The two new passphrases are not the same."))
            self.again.clear()
            self.again.setFocus()
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:  # deriving the key takes a quarter of a second, converting longer
            done = self.error.attempt(lambda: self._answer(self.current.text(), self.new.text()))
        finally:
            QGuiApplication.restoreOverrideCursor()
        if done:
            self._forget()
            self.accept()
            return
        self.adjustSize()  # the refusal's wrapped lines, shown whole
        self.current.selectAll()
        (self.new if self._new_only else self.current).setFocus()

    def _forget(self) -> None:
        for field in (self.current, self.new, self.again):
            field.clear()

    def reject(self) -> None:
        self._forget()
        super().reject()


def ask(mode: Mode, answer: Answer, parent: QWidget | None = None) -> bool:
    """Show the dialog; True when ``answer`` took what was typed."""
    return PassphraseDialog(mode, answer, parent).exec() == Dialog.DialogCode.Accepted
