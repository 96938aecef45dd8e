"""The contact form's lists of email addresses, phone numbers and web addresses.

Each entry is a label (offered: work, home, mobile, other; any word may be
typed) and a value, with a button that removes it; the first entry is the
main one, which tables, templates and exports use first.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from img_crm.domain.contact_points import KNOWN_LABELS, LABELS
from img_crm.domain.rows import ContactPointRow
from img_crm.ui.labels import label as translated


class PointList(QWidget):
    """Any number of one kind of address (``kind``), each with its label.
    ``finished`` when the user leaves a value, ``edited`` as they type one."""

    finished = Signal()
    edited = Signal()

    def __init__(
        self,
        kind: str,
        *,
        what: str,
        add_caption: str,
        placeholder: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self._what = what
        self._placeholder = placeholder
        self._entries: list[tuple[QWidget, QComboBox, QLineEdit, QToolButton]] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.add_button = QPushButton(add_caption, self)
        self.add_button.setAccessibleName(add_caption.replace("&", ""))
        self.add_button.clicked.connect(lambda: self.add_entry().setFocus())
        self._layout.addWidget(self.add_button)
        self.add_entry()

    def add_entry(self, label: str = "", value: str = "") -> QLineEdit:
        """A new entry at the end; returns its value field."""
        holder = QWidget(self)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        labels = QComboBox(holder)
        labels.setEditable(True)
        labels.addItem("", "")
        for word in LABELS:
            labels.addItem(translated("PointLabel", word), word)
        at = labels.findData(label)
        if at >= 0:
            labels.setCurrentIndex(at)
        else:
            labels.setCurrentText(translated("PointLabel", label))
        typed = labels.lineEdit()
        if typed is not None:
            typed.setPlaceholderText(self.tr("Label"))
        labels.setMinimumContentsLength(8)
        edit = QLineEdit(value, holder)
        edit.setPlaceholderText(self._placeholder)
        edit.editingFinished.connect(self.finished)
        edit.textEdited.connect(self.edited)
        remove = QToolButton(holder)
        remove.setText(self.tr("Remove"))
        remove.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # reachable by Tab, as every control
        remove.clicked.connect(lambda: self._remove(holder))
        row.addWidget(labels)
        row.addWidget(edit, 1)
        row.addWidget(remove)
        self._layout.insertWidget(len(self._entries), holder)
        self._entries.append((holder, labels, edit, remove))
        self._name_entries()
        self._chain()
        if len(self._entries) == 1:
            self.setFocusProxy(edit)
        return edit

    def _drop(self, holder: QWidget) -> None:
        """Out of the layout and out of sight now: a dialog's own event loop
        (``exec``) would show a deleteLater'd entry until it closes."""
        holder.hide()
        self._layout.removeWidget(holder)
        holder.deleteLater()

    def _remove(self, holder: QWidget) -> None:
        at = next(n for n, entry in enumerate(self._entries) if entry[0] is holder)
        self._entries.pop(at)
        self._drop(holder)
        if not self._entries:
            self.add_entry()
        self.setFocusProxy(self._entries[0][2])
        self._entries[min(at, len(self._entries) - 1)][2].setFocus()
        self._name_entries()

    def _chain(self) -> None:
        """Tab goes label, value, Remove, entry by entry, then Add."""
        widgets: list[QWidget] = [w for _, *parts in self._entries for w in parts]
        for before, after in zip(widgets, [*widgets[1:], self.add_button], strict=True):
            QWidget.setTabOrder(before, after)

    def _name_entries(self) -> None:
        """Accessible names that say which entry is which ("Email 2", "Label of email 2")."""
        for n, (_, labels, edit, remove) in enumerate(self._entries, start=1):
            name = self._what if n == 1 else f"{self._what} {n}"
            edit.setAccessibleName(name)
            labels.setAccessibleName(self.tr("Label of %1").replace("%1", name.lower()))
            remove.setAccessibleName(self.tr("Remove %1").replace("%1", name.lower()))

    def set_points(self, points: Sequence[ContactPointRow]) -> None:
        for holder, *_ in self._entries:
            self._drop(holder)
        self._entries.clear()
        for point in points:
            if point.kind == self.kind:
                self.add_entry(point.label, point.value)
        if not self._entries:
            self.add_entry()
        self.setFocusProxy(self._entries[0][2])

    def points(self) -> list[tuple[str, str, str]]:
        """(kind, label, value) of each entry with a value, in order."""
        found = []
        words = {translated("PointLabel", w).casefold(): w for w in KNOWN_LABELS}
        for _, labels, edit, _remove in self._entries:
            text = labels.currentText().strip()
            word = words.get(text.casefold(), text)  # stored in our words, shown translated
            if edit.text().strip():
                found.append((self.kind, str(word or ""), edit.text()))
        return found

    def value_edits(self) -> list[QLineEdit]:
        return [entry[2] for entry in self._entries]

    def label_boxes(self) -> list[QComboBox]:
        return [entry[1] for entry in self._entries]
