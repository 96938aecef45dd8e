"""The questions the attachments panel asks: a new name and kind, and whom a
version was given to (and on which day)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from img_crm.domain.attachments import MAX_NAME, AttachmentKind
from img_crm.domain.text import fold, matches, sort_key
from img_crm.ui.dates import pydate, qtoday
from img_crm.ui.labels import label
from img_crm.ui.views.dialog import Dialog
from img_crm.ui.views.fields import ErrorLabel, muted


def kind_box(current: AttachmentKind, parent: QWidget) -> QComboBox:
    box = QComboBox(parent)
    for kind in AttachmentKind:
        box.addItem(label("AttachmentKind", kind), kind.value)
    box.setCurrentIndex(list(AttachmentKind).index(current))
    return box


def _buttons(dialog: Dialog, ok_text: str, save: Callable[[], None]) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    return buttons


class RenameDialog(Dialog):
    """A new name and kind; ``on_save(name, kind)`` writes them."""

    def __init__(
        self,
        name: str,
        kind: AttachmentKind,
        on_save: Callable[[str, AttachmentKind], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_save = on_save
        self.setWindowTitle(self.tr("Rename attachment"))
        self.name = QLineEdit(name, self)
        self.name.setMaxLength(MAX_NAME)
        self.name.setAccessibleName(self.tr("Name"))
        self.name.selectAll()
        self.kind = kind_box(kind, self)
        self.kind.setAccessibleName(self.tr("Kind"))
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Kind"), self.kind)
        self.error = ErrorLabel(self.name, self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, self.tr("&Save"), self.save))
        self.resize(max(self.minimumWidth(), 460), self.sizeHint().height())

    def save(self) -> None:
        kind = AttachmentKind(self.kind.currentData())
        if self.error.attempt(lambda: self._on_save(self.name.text(), kind)):
            self.accept()


class SentToDialog(Dialog):
    """Tick the contacts and programs that were given this version, and the
    day; ``on_save(contact_ids, program_ids, day)`` records it."""

    def __init__(
        self,
        name: str,
        contacts: Sequence[tuple[int, str]],
        programs: Sequence[tuple[int, str]],
        on_save: Callable[[list[int], list[int], date], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_save = on_save
        self.setWindowTitle(self.tr("Sent to"))
        intro = QLabel(
            self.tr("Whom did you give %1? Tick each person or program.").replace("%1", name),
            self,
        )
        intro.setWordWrap(True)
        muted(intro)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Type to find a name"))
        self.search.setAccessibleName(self.tr("Find a contact or program"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.choices = QListWidget(self)
        self.choices.setAccessibleName(self.tr("Contacts and programs"))
        program_word = self.tr("Program: %1")
        entries = [("contact", i, n) for i, n in sorted(contacts, key=lambda c: sort_key(c[1]))]
        entries += [("program", i, n) for i, n in sorted(programs, key=lambda p: sort_key(p[1]))]
        for what, ident, shown in entries:
            text = shown if what == "contact" else program_word.replace("%1", shown)
            item = QListWidgetItem(text, self.choices)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, (what, ident, fold(shown)))
        self.day = QDateEdit(qtoday(), self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setAccessibleName(self.tr("Day it was sent"))
        form = QFormLayout()
        form.addRow(self.tr("&Find"), self.search)
        form.addRow(self.tr("&On"), self.day)
        self.error = ErrorLabel(self.choices, self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.choices, 1)
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, self.tr("&Record"), self.save))
        self.resize(max(self.minimumWidth(), 480), 520)
        self.search.setFocus()

    def _filter(self, text: str) -> None:
        for row in range(self.choices.count()):
            item = self.choices.item(row)
            _what, _ident, key = item.data(Qt.ItemDataRole.UserRole)
            item.setHidden(not matches(text, key))

    def ticked(self) -> tuple[list[int], list[int]]:
        contacts: list[int] = []
        programs: list[int] = []
        for row in range(self.choices.count()):
            item = self.choices.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                what, ident, _key = item.data(Qt.ItemDataRole.UserRole)
                (contacts if what == "contact" else programs).append(int(ident))
        return contacts, programs

    def save(self) -> None:
        contacts, programs = self.ticked()
        day = pydate(self.day.date())
        if self.error.attempt(lambda: self._on_save(contacts, programs, day)):
            self.accept()
