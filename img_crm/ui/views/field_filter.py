"""Filtering a table by the user's own fields (#24): a "Field filter" button
whose menu names each field, a small dialog for one field's filter (an
editor for its kind), and a line under the search saying what is filtered,
with Clear. One piece for the Contacts, Programs and Letters tabs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from img_crm.domain.custom_fields import FieldDef, FieldKind, RecordKind, parse_value
from img_crm.domain.field_filters import NO_CHOICE, FieldFilter
from img_crm.ui.models.own_columns import OwnFieldsModel, shown_value
from img_crm.ui.ops import Ops
from img_crm.ui.views.dialog import Dialog
from img_crm.ui.views.fields import ErrorLabel, OptionalDateEdit, muted
from img_crm.ui.views.table_view import (
    Table,
    fit_columns,
    own_shown,
    show_column,
    show_own,
    shown_of,
    sort_by_saved_field,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("FieldFilter", text)


def describe(chosen: FieldFilter) -> str:
    """One filter in a few words: "Visa: H-1B or J-1", "Score: 3 to 5"."""
    field = chosen.field
    if chosen.no_value:
        what = _tr("no value")
    elif field.kind is FieldKind.YES_NO:
        what = shown_value(field, "yes" if "yes" in chosen.wanted else "no")
    elif field.kind is FieldKind.CHOICE:
        names = [c for c in field.choices if c in chosen.wanted]
        if NO_CHOICE in chosen.wanted:
            names.append(_tr("no value"))
        what = _tr(" or ").join(names)
    elif field.kind is FieldKind.TEXT:
        what = (
            _tr("contains “%1”").replace("%1", chosen.words)
            if chosen.words.strip()
            else _tr("any value")
        )
    elif chosen.low is not None and chosen.high is not None:
        what = _tr("%1 to %2").replace("%1", chosen.low).replace("%2", chosen.high)
    elif chosen.low is not None:
        what = _tr("from %1").replace("%1", chosen.low)
    elif chosen.high is not None:
        what = _tr("up to %1").replace("%1", chosen.high)
    else:
        what = _tr("any value")
    return f"{field.name}: {what}"


class FieldFilterDialog(Dialog):
    """One field's filter. After Filter, ``chosen`` holds it; after Remove
    filter, ``removed`` is true."""

    def __init__(
        self, field: FieldDef, current: FieldFilter | None, parent: QWidget | None = None
    ) -> None:
        intros = {
            RecordKind.CONTACT: _tr("Show only the contacts whose %1 is:"),
            RecordKind.PROGRAM: _tr("Show only the programs whose %1 is:"),
            RecordKind.LETTER: _tr("Show only the letters whose %1 is:"),
        }
        super().__init__(parent)
        self.field = field
        self.chosen: FieldFilter | None = None
        self.removed = False
        self.setWindowTitle(_tr("Filter by %1").replace("%1", field.name))
        layout = QVBoxLayout(self)
        intro = QLabel(intros[field.record].replace("%1", field.name), self)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.group = QButtonGroup(self)
        self.choices: QListWidget | None = None
        self.words: QLineEdit | None = None
        self.low: QWidget | None = None
        self.high: QWidget | None = None
        self.yes: QRadioButton | None = None
        self.no_value: QRadioButton | None = None
        kind = field.kind
        if kind is FieldKind.CHOICE:
            self.choices = QListWidget(self)
            self.choices.setAccessibleName(_tr("Values to show"))
            for value, text in [*((c, c) for c in field.choices), (NO_CHOICE, _tr("(no value)"))]:
                item = QListWidgetItem(text, self.choices)
                item.setData(Qt.ItemDataRole.UserRole, value)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                wanted = current is not None and value in current.wanted
                item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
            self.choices.setSpacing(2)
            rows = min(self.choices.count(), 12)
            self.choices.setMaximumHeight(
                (self.choices.sizeHintForRow(0) + 4) * rows + 2 * self.choices.frameWidth() + 4
            )
            self.choices.setCurrentRow(0)
            layout.addWidget(self.choices)
        elif kind is FieldKind.YES_NO:
            self.yes = QRadioButton(_tr("&Yes"), self)
            no = QRadioButton(_tr("&No, or not set"), self)
            self.yes.setChecked(current is None or "yes" in current.wanted)
            no.setChecked(not self.yes.isChecked())
            for button in (self.yes, no):
                self.group.addButton(button)
                layout.addWidget(button)
        else:
            some = QRadioButton(self._some_caption(), self)
            self.group.addButton(some)
            layout.addWidget(some)
            form = QFormLayout()
            form.setContentsMargins(24, 0, 0, 0)
            if kind is FieldKind.TEXT:
                self.words = QLineEdit(current.words if current else "", self)
                self.words.setPlaceholderText(_tr("Words the value holds (empty: any value)"))
                self.words.setAccessibleName(_tr("Words the value holds"))
                form.addRow(self.words)
            else:
                self.low = self._bound(_tr("From"), current.low if current else None)
                self.high = self._bound(_tr("To"), current.high if current else None)
                form.addRow(_tr("Fro&m:"), self.low)
                form.addRow(_tr("&To:"), self.high)
            layout.addLayout(form)
            self.no_value = QRadioButton(_tr("&Not filled in"), self)
            self.group.addButton(self.no_value)
            layout.addWidget(self.no_value)
            some.setChecked(current is None or not current.no_value)
            self.no_value.setChecked(not some.isChecked())
            for editor in (self.words, self.low, self.high):  # typing a value means it
                if isinstance(editor, QLineEdit):
                    editor.textEdited.connect(lambda _text: some.setChecked(True))
                elif isinstance(editor, OptionalDateEdit):
                    editor.changed.connect(lambda: some.setChecked(True))
            first = self.words or self.low
            if first is not None:
                first.setFocus()
        self.error = ErrorLabel(self, self)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        apply = buttons.addButton(_tr("&Filter"), QDialogButtonBox.ButtonRole.AcceptRole)
        apply.setDefault(True)
        if current is not None:
            remove = buttons.addButton(
                _tr("&Remove filter"), QDialogButtonBox.ButtonRole.DestructiveRole
            )
            remove.clicked.connect(self._remove)
        buttons.accepted.connect(self._apply)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _some_caption(self) -> str:
        if self.field.kind is FieldKind.TEXT:
            return _tr("Filled in, &holding")
        if self.field.kind is FieldKind.NUMBER:
            return _tr("&A number between (either end may be empty)")
        return _tr("&A date between (either end may be off)")

    def _bound(self, caption: str, stored: str | None) -> QWidget:
        from datetime import date

        if self.field.kind is FieldKind.DATE:
            edit = OptionalDateEdit(_tr("Set"), self)
            edit.check.setAccessibleName(caption)
            edit.edit.setAccessibleName(caption)
            edit.set_value(date.fromisoformat(stored) if stored else None)
            return edit
        line = QLineEdit(stored or "", self)
        line.setAccessibleName(caption)
        line.setPlaceholderText(_tr("A number, such as 3 or 2.5"))
        return line

    def _stored_bound(self, widget: QWidget | None, caption: str) -> str | None:
        if isinstance(widget, OptionalDateEdit):
            day = widget.value()
            return None if day is None else day.isoformat()
        if isinstance(widget, QLineEdit):
            try:
                return parse_value(self.field, widget.text())
            except ValueError as exc:
                raise ValueError(f"{caption}: {_tr(str(exc))}") from None
        return None

    def _apply(self) -> None:
        field = self.field
        if self.choices is not None:
            wanted = frozenset(
                str(item.data(Qt.ItemDataRole.UserRole))
                for item in (self.choices.item(n) for n in range(self.choices.count()))
                if item.checkState() == Qt.CheckState.Checked
            )
            if not wanted:
                self.error.show_error(_tr("Tick at least one value to show."))
                return
            self.chosen = FieldFilter(field, wanted=wanted)
        elif self.yes is not None:
            self.chosen = FieldFilter(
                field, wanted=frozenset({"yes" if self.yes.isChecked() else "no"})
            )
        elif self.no_value is not None and self.no_value.isChecked():
            self.chosen = FieldFilter(field, no_value=True)
        elif self.words is not None:
            self.chosen = FieldFilter(field, words=" ".join(self.words.text().split()))
        else:
            try:
                low = self._stored_bound(self.low, _tr("From"))
                high = self._stored_bound(self.high, _tr("To"))
            except ValueError as exc:
                self.error.show_error(str(exc))
                return
            if low is not None and high is not None and self._after(low, high):
                self.error.show_error(_tr("“From” is after “To”: nothing would be shown."))
                return
            self.chosen = FieldFilter(field, low=low, high=high)
        self.accept()

    def _after(self, low: str, high: str) -> bool:
        if self.field.kind is FieldKind.NUMBER:
            return float(low) > float(high)
        return low > high

    def _remove(self) -> None:
        self.removed = True
        self.accept()


class FieldFilterBar(QWidget):
    """The line under a tab's search that says what the field filters keep,
    with Clear; ``button`` (for the search row) opens a field's filter.
    Both hide while the record has no fields of the user's own."""

    changed = Signal()

    def __init__(
        self,
        model: OwnFieldsModel[Any],
        table: Table | None,
        parent: QWidget | None = None,
        *,
        count: bool = False,
        after: QWidget | None = None,
    ) -> None:
        """``table``: the view of ``model`` (set ``table`` later when the bar
        is made first); ``after``: the widget whose Tab leads to the button."""
        super().__init__(parent)
        self.model = model
        self.table = table
        #: Say "N of M shown" in the line (a tab with no count of its own).
        self.count = count
        self.button = QToolButton(parent)
        self.button.setText(_tr("Filter &by field"))
        self.button.setAccessibleName(_tr("Filter by one of your fields"))
        self.button.setToolTip(_tr("Show only the records whose field has a value you choose"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        self.menu.aboutToShow.connect(self._fill_menu)
        self.button.setMenu(self.menu)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # field names as typed
        self.summary.setAccessibleName(_tr("Field filters in force"))
        self.summary.setWordWrap(True)
        muted(self.summary)
        self.clear_button = QPushButton(_tr("Clear field filters"), self)
        self.clear_button.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.clear_button)
        # The keyboard meets the filters before the rows they narrow.
        if after is not None:
            QWidget.setTabOrder(after, self.button)
            QWidget.setTabOrder(self.button, self.clear_button)
        self.refresh()

    def load(self, ops: Ops, record: RecordKind) -> None:
        """Read the record's fields and values into the table: a column
        each, a new one hidden until shown from the header's menu."""
        from img_crm.services.custom_fields import columns

        with ops.plain() as connection:
            fields, values = columns(connection, record=record)
        if not fields and not self.model.has_own():
            return
        assert self.table is not None
        header = self.table.horizontalHeader()
        model = self.model
        before = own_shown(self.table, model)
        model.set_own(fields, values)
        # shown or hidden as the field was, wherever it moved; a new one as last saved
        show_own(self.table, model, lambda ident: before.get(ident, ident in model.shown_at_start))
        sort_by_saved_field(self.table, model)  # the first read after a restart
        sort = model.sort_order()
        if sort is not None:
            header.setSortIndicator(*sort)
        elif header.sortIndicatorSection() >= model.columnCount() - len(fields):
            header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # its field is gone
        if self.table.auto_fit:
            fit_columns(self.table)
        self.refresh()

    def refresh(self) -> None:
        """After the fields or the filters changed: what shows, and what it says."""
        self.button.setVisible(self.model.has_own())
        filters = self.model.field_filters()
        text = _tr("Filtered by %1").replace("%1", " · ".join(describe(f) for f in filters))
        if self.count and filters:
            text += " — " + shown_of(self, self.model.rowCount(), self.model.total_count())
        self.summary.setText(text)
        self.setVisible(bool(filters))

    def _fill_menu(self) -> None:
        self.menu.clear()
        active = {f.field.id for f in self.model.field_filters()}
        for field in self.model.own_fields():
            action = self.menu.addAction(field.name.replace("&", "&&") + "…")
            action.triggered.connect(self._editor_of(field))
            action.setCheckable(True)
            action.setChecked(field.id in active)
        if active:
            self.menu.addSeparator()
            self.menu.addAction(_tr("Clear field filters"), self.clear)

    def _editor_of(self, field: FieldDef) -> Callable[[bool], None]:
        def edit(_checked: bool = False) -> None:
            self.edit(field)

        return edit

    def edit(self, field: FieldDef) -> None:
        current = next((f for f in self.model.field_filters() if f.field.id == field.id), None)
        dialog = FieldFilterDialog(field, current, self.window())
        if not dialog.exec():
            return
        self.model.set_field_filter(field.id, None if dialog.removed else dialog.chosen)
        section = self.model.own_section(field.id)
        assert self.table is not None
        header = self.table.horizontalHeader()
        if not dialog.removed and section is not None:
            if header.isSectionHidden(section):
                show_column(self.table, section, True)  # what the rows were kept for
            if self.model.rowCount():
                self.table.scrollTo(self.model.index(0, section))
        self.refresh()
        self.changed.emit()

    def clear(self) -> None:
        self.model.clear_field_filters()
        self.refresh()
        self.changed.emit()
