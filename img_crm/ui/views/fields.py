"""Small form widgets shared by the dialogs: error labels and optional dates."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from img_crm.errors import UserError, ValidationError
from img_crm.ui.dates import pydate, qdate, qtoday
from img_crm.ui.theme import set_tone
from img_crm.ui.views.dialog import Dialog


class ErrorLabel(QLabel):
    """A message shown under a field when its value is refused; hidden otherwise."""

    def __init__(self, buddy: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._buddy = buddy
        self.setWordWrap(True)
        self.setVisible(False)
        set_tone(self, "alert")

    def show_error(self, message: str | None) -> None:
        self.setText(message or "")
        self.setVisible(bool(message))
        self._buddy.setAccessibleDescription(message or "")

    def attempt(self, action: Callable[[], object]) -> bool:
        """Run a dialog's save: a refusal (``UserError``) is shown here and
        gives False, so the dialog stays open for another try."""
        try:
            action()
        except UserError as exc:
            self.show_error(str(exc))
            return False
        return True


class OptionalDateEdit(QWidget):
    """A date that may be left empty: a checkbox switches the date editor on."""

    changed = Signal()

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox(label, self)
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setDate(qtoday())
        self.edit.setEnabled(False)
        self.check.setAccessibleName(label)
        self.edit.setAccessibleName(label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.toggled.connect(self.changed)
        self.edit.dateChanged.connect(self.changed)
        self.setFocusProxy(self.check)

    def value(self) -> date | None:
        if not self.check.isChecked():
            return None
        return pydate(self.edit.date())

    def set_value(self, value: date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(qdate(value))


def muted(widget: QWidget) -> None:
    """Show a label as secondary text: the palette's placeholder colour, made
    legible, and recoloured when the palette changes."""
    set_tone(widget, "muted")


class _WheelScrollsTheForm(QObject):
    """A wheel turned over a closed drop-down or a date field scrolls the form
    instead of changing the value under the pointer (a "Yes" nobody chose);
    once the field has the focus, the wheel changes it as usual."""

    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)
        self.area = area

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(watched, QComboBox | QAbstractSpinBox)
            and not watched.hasFocus()
        ):
            QCoreApplication.sendEvent(self.area.verticalScrollBar(), event)
            return True
        return False


def scrolling(inner: QLayout, parent: QWidget) -> QScrollArea:
    """``inner`` in a frameless area that scrolls up and down, never sideways."""
    content = QWidget(parent)
    content.setLayout(inner)
    scroll = QScrollArea(parent)
    guard = _WheelScrollsTheForm(scroll)
    for field in content.findChildren(QComboBox) + content.findChildren(QAbstractSpinBox):
        field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        field.installEventFilter(guard)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(content)
    return scroll


def finish_form(
    dialog: QDialog, form: QFormLayout, save: Callable[[], None], *below: QWidget
) -> None:
    """Lay out an editing dialog: the form (scrolling when the screen is too
    short for it, as a 1024x700 one is for the contact form), what goes under
    it, Save and Cancel; sized to its content within the screen."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    scroll = scrolling(form, dialog)
    content_hint = form.sizeHint()
    layout = QVBoxLayout(dialog)
    layout.addWidget(scroll, 1)
    for widget in below:
        layout.addWidget(widget)
    layout.addWidget(buttons)
    wanted = (
        content_hint.height()
        + sum(widget.sizeHint().height() for widget in below)
        + buttons.sizeHint().height()
        + 4 * layout.spacing()
        + 2 * layout.contentsMargins().top()
    )
    screen = dialog.screen()
    if screen is not None:
        wanted = min(wanted, int(screen.availableGeometry().height() * 0.9))
    dialog.resize(max(dialog.minimumWidth(), content_hint.width() + 24), wanted)


class FieldDialog(Dialog):
    """A form dialog whose rows each carry an error label under the field.

    ``on_save`` stores ``values()`` or raises ``ValidationError`` (shown beside
    the fields); returning False keeps the dialog open without an error.
    """

    def __init__(
        self, on_save: Callable[[dict[str, Any]], object], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._on_save = on_save
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self._shown_values: dict[str, Any] | None = None

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:
        if self._shown_values is None:  # what the form held when it opened
            self._shown_values = self.values()
        super().showEvent(event)

    def reject(self) -> None:
        """Escape or Cancel: a form with changes asks before they are thrown away."""
        if self._shown_values is not None and self.values() != self._shown_values:
            answer = QMessageBox.question(
                self,
                self.tr("Discard changes?"),
                self.tr("This form has changes that are not saved. Discard them?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    def save(self) -> None:
        try:
            saved = self._on_save(self.values())
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        if saved is not False:
            self.accept()

    def add_row(self, form: QFormLayout, field: str, caption: str, widget: QWidget) -> None:
        error = ErrorLabel(widget, self)
        holder = QWidget(self)
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(error)
        form.addRow(caption, holder)
        label = form.labelForField(holder)
        if label is not None:
            label.setBuddy(widget)  # type: ignore[attr-defined]
        self.inputs[field] = widget
        self.errors[field] = error

    def line(self, field: str) -> QLineEdit:
        widget = self.inputs[field]
        assert isinstance(widget, QLineEdit)
        return widget

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Each message beside its field; focus goes to the first one refused."""
        for field, label in self.errors.items():
            label.show_error(errors.get(field))
        for field in self.inputs:
            if field in errors:
                self.inputs[field].setFocus()
                break
