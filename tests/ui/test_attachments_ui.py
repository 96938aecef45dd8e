"""The Files tab of a contact's pane, the program and letter panes and the
activity's files (#24), through real widgets: files dropped on the pane,
renamed, given to people, opened as copies, removed; undo of a deleted
contact brings its files back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from img_crm.domain.attachments import AttachmentKind, Owner, OwnerKind, digest_of
from img_crm.store import attachments as rows
from img_crm.store import sent_files
from img_crm.ui.ops import Ops
from img_crm.ui.views.attachment_dialogs import RenameDialog, SentToDialog
from img_crm.ui.views.attachments_panel import AttachmentsPanel
from img_crm.ui.views.contact_detail import ContactDetail

CV = "CV (final) — Đặng.pdf"


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / CV).write_bytes(b"%PDF-1.4 CV three")
    (folder / "Personal statement v2.docx").write_bytes(b"PK statement")
    return folder


def _drop(panel: AttachmentsPanel, target: QWidget, files: list[Path]) -> None:
    """Files dragged from a file manager over ``target`` and dropped: the
    events the panel watching ``target`` gets (Qt delivers a drop only
    during a real drag, which a test cannot start; Xvfb runs showed it)."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in files])
    point = QPointF(QPoint(20, 20))
    enter = QDragEnterEvent(
        point.toPoint(),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    assert panel.eventFilter(target, enter) and enter.isAccepted()  # the pane says "yes"
    drop = QDropEvent(
        point,
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    assert panel.eventFilter(target, drop)


def _pane(qtbot: QtBot, demo_ops: Ops) -> ContactDetail:
    pane = ContactDetail(demo_ops)
    qtbot.addWidget(pane)
    pane.resize(900, 700)
    pane.show()
    pane.show_contact(1)
    return pane


def _answer(check: Callable[[QDialog], None]) -> None:
    def later() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        check(dialog)

    QTimer.singleShot(0, later)


def _stored(demo_ops: Ops) -> list[rows.AttachmentRow]:  # type: ignore[name-defined]
    with demo_ops.plain() as connection:
        return rows.list_attachments(connection)


def test_files_dropped_on_the_pane_are_attached_to_the_contact(
    qtbot: QtBot, demo_ops: Ops, mine: Path
) -> None:
    pane = _pane(qtbot, demo_ops)
    assert pane.below.tabText(1) == "Files"
    _drop(pane.files, pane.summary.viewport(), [mine / CV, mine / "Personal statement v2.docx"])
    stored = _stored(demo_ops)
    assert [(a.name, a.kind, a.owner) for a in stored] == [
        (CV, AttachmentKind.CV, Owner(OwnerKind.CONTACT, 1)),
        ("Personal statement v2.docx", AttachmentKind.STATEMENT, Owner(OwnerKind.CONTACT, 1)),
    ]
    assert pane.below.tabText(1) == "Files (2)"
    model = pane.files.model
    names = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert sorted(names) == sorted([CV, "Personal statement v2.docx"])
    assert model.data(model.index(0, 2)) in ("17 bytes", "12 bytes")


def test_a_file_too_big_is_one_warning_and_nothing_is_attached(
    qtbot: QtBot,
    demo_ops: Ops,
    mine: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    said: list[tuple[str, str]] = []
    demo_ops.refused.connect(lambda title, text: said.append((title, text)))
    monkeypatch.setattr(QMessageBox, "warning", lambda *_a, **_k: None)
    big = mine / "scan.pdf"
    with big.open("wb") as handle:
        handle.truncate(26 * 1024 * 1024)
    pane = _pane(qtbot, demo_ops)
    _drop(pane.files, pane, [mine / CV, big])
    assert said == [
        (
            "Attach files",
            "scan.pdf is 26 MB; img-crm attaches files of up to 25 MB, so nothing was added.",
        )
    ]
    assert _stored(demo_ops) == []


def test_rename_sent_to_and_remove_through_the_dialogs(
    qtbot: QtBot, demo_ops: Ops, mine: Path
) -> None:
    pane = _pane(qtbot, demo_ops)
    (ident,) = demo_ops.attach_files(Owner(OwnerKind.CONTACT, 1), [mine / CV])
    panel = pane.files
    panel.table.selectRow(0)
    assert panel.rename_action.isEnabled()

    def rename(dialog: QDialog) -> None:
        assert isinstance(dialog, RenameDialog)
        field = dialog.findChild(QLineEdit)
        field.clear()
        qtbot.keyClicks(field, "CV v3 (IM).pdf")
        dialog.kind.setCurrentIndex(list(AttachmentKind).index(AttachmentKind.CV))
        qtbot.keyClick(field, Qt.Key.Key_Return)

    _answer(rename)
    panel.rename_selected()
    assert [a.name for a in _stored(demo_ops)] == ["CV v3 (IM).pdf"]

    def give(dialog: QDialog) -> None:
        assert isinstance(dialog, SentToDialog)
        qtbot.keyClicks(dialog.search, "Emily")
        shown = [
            dialog.choices.item(r)
            for r in range(dialog.choices.count())
            if not dialog.choices.item(r).isHidden()
        ]
        assert [item.text() for item in shown] == ["Emily Carter"]
        shown[0].setCheckState(Qt.CheckState.Checked)
        record = next(b for b in dialog.findChildren(QPushButton) if b.text() == "&Record")
        record.click()

    panel.table.selectRow(0)
    _answer(give)
    panel.record_sent()
    with demo_ops.plain() as connection:
        (given,) = sent_files.sent_records(connection, attachment_id=ident)
        emily = connection.execute("SELECT id FROM contact WHERE name = 'Emily Carter'").fetchone()
    assert given.contact_id == emily[0]
    assert "Emily Carter (" in panel.model.data(panel.model.index(0, 3))
    pane.show_contact(emily[0])
    assert "CV v3 (IM).pdf (CV) — the newest CV they have" in pane.summary.toPlainText()
    pane.show_contact(1)

    def delete(dialog: QDialog) -> None:
        assert isinstance(dialog, QMessageBox)
        assert dialog.text() == "Remove CV v3 (IM).pdf?"
        next(b for b in dialog.buttons() if b.text() == "Delete").click()

    panel.table.selectRow(0)
    _answer(delete)
    panel.remove_selected()
    assert _stored(demo_ops) == []
    with demo_ops.plain() as connection:
        assert rows.unused_files(connection) == 0  # nothing in the undo names it: gone


def test_open_hands_a_copy_to_the_system_viewer(
    qtbot: QtBot, demo_ops: Ops, mine: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    pane = _pane(qtbot, demo_ops)
    demo_ops.attach_files(Owner(OwnerKind.CONTACT, 1), [mine / CV])
    pane.files.table.selectRow(0)
    qtbot.keyClick(pane.files.table, Qt.Key.Key_Return)
    (url,) = opened
    copy = Path(url.toLocalFile())
    assert copy.name == CV and copy.read_bytes() == b"%PDF-1.4 CV three"
    assert copy.parent.parent == demo_ops.store.path.parent / "opened"


def test_undo_of_a_deleted_contact_brings_its_files_back(demo_ops: Ops, mine: Path) -> None:
    demo_ops.attach_files(Owner(OwnerKind.CONTACT, 2), [mine / CV])
    (letter,) = [row.id for row in _letters_of(demo_ops, 2)][:1] or [None]
    if letter is not None:
        demo_ops.attach_files(
            Owner(OwnerKind.LETTER, letter), [mine / "Personal statement v2.docx"]
        )
    before = sorted((a.name, a.digest) for a in _stored(demo_ops))
    demo_ops.delete_contacts([2])
    assert _stored(demo_ops) == []
    with demo_ops.plain() as connection:  # kept for the undo
        assert rows.unused_files(connection) == len(before)
    demo_ops.undo_stack.undo()
    assert sorted((a.name, a.digest) for a in _stored(demo_ops)) == before
    with demo_ops.plain() as connection:
        assert rows.file_bytes(connection, digest=digest_of(b"%PDF-1.4 CV three"))
    demo_ops.undo_stack.redo()
    demo_ops.sweep_files()  # the window closes: no undo is left
    with demo_ops.plain() as connection:
        assert rows.unused_files(connection) == 0
        assert connection.execute("SELECT count(*) FROM attachment_file").fetchone()[0] == 0


def _letters_of(demo_ops: Ops, writer: int) -> list[object]:
    from img_crm.store.letters import letters_by_writer

    with demo_ops.reading() as session:
        return list(letters_by_writer(session, writer_id=writer))


def test_the_program_and_letter_panes_and_an_activity_have_files(
    qtbot: QtBot, demo_ops: Ops, mine: Path, make_window: Callable[..., object]
) -> None:
    from img_crm.ui.views.attachments_panel import FilesDialog
    from img_crm.ui.views.letter_detail import LetterDetail
    from img_crm.ui.views.program_detail import ProgramDetail

    program = ProgramDetail(demo_ops)
    qtbot.addWidget(program)
    program.show_program(1)
    assert program.files.owner == Owner(OwnerKind.PROGRAM, 1)
    _drop(program.files, program, [mine / CV])
    assert [a.owner for a in _stored(demo_ops)] == [Owner(OwnerKind.PROGRAM, 1)]
    program.show_program(None)
    assert program.files.owner is None and not program.files.attach_button.isEnabled()
    letters = LetterDetail(demo_ops)
    qtbot.addWidget(letters)
    from img_crm.services.letters import letters_view

    with demo_ops.reading() as session:
        view = letters_view(session)
    letters.show_letter(view.rows[0].id, view)
    assert letters.files.owner == Owner(OwnerKind.LETTER, view.rows[0].id)
    dialog = FilesDialog(demo_ops, Owner(OwnerKind.ACTIVITY, 1), "Files of a meeting")
    qtbot.addWidget(dialog)
    _drop(dialog.panel, dialog, [mine / "Personal statement v2.docx"])
    assert Owner(OwnerKind.ACTIVITY, 1) in [a.owner for a in _stored(demo_ops)]
    assert dialog.panel.model.rowCount() == 1


def test_redo_of_a_merge_keeps_the_files_on_the_kept_contact(demo_ops: Ops, mine: Path) -> None:
    (ident,) = demo_ops.attach_files(Owner(OwnerKind.CONTACT, 2), [mine / CV])
    demo_ops.mark_sent(ident, contact_ids=[1])
    demo_ops.merge_contacts(1, 2, {})
    assert [a.owner for a in _stored(demo_ops)] == [Owner(OwnerKind.CONTACT, 1)]
    demo_ops.undo_stack.undo()
    assert [a.owner for a in _stored(demo_ops)] == [Owner(OwnerKind.CONTACT, 2)]
    demo_ops.undo_stack.redo()
    assert [a.owner for a in _stored(demo_ops)] == [Owner(OwnerKind.CONTACT, 1)]
    with demo_ops.plain() as connection:
        assert [r.contact_id for r in sent_files.sent_records(connection, attachment_id=ident)] == [
            1
        ]
    demo_ops.sweep_files()
    with demo_ops.plain() as connection:
        assert rows.file_bytes(connection, digest=digest_of(b"%PDF-1.4 CV three"))


def test_undo_and_redo_of_an_add_keep_what_was_added_since(demo_ops: Ops, mine: Path) -> None:
    from img_crm.domain.custom_fields import FieldKind, RecordKind

    field = demo_ops.define_field(RecordKind.LETTER, "Portal code", FieldKind.TEXT)
    contact = demo_ops.add_contact({"name": "Ana Lima"})
    demo_ops.attach_files(Owner(OwnerKind.CONTACT, contact), [mine / CV])
    demo_ops.undo_stack.undo()  # the add: the contact goes, with its file
    assert _stored(demo_ops) == []
    demo_ops.undo_stack.redo()  # it comes back as it was just before the undo
    assert [a.owner for a in _stored(demo_ops)] == [Owner(OwnerKind.CONTACT, contact)]
    letter = demo_ops.add_letter(
        writer_id=contact, letter_type="us-clinical", specialty="Internal Medicine"
    )
    demo_ops.set_letter_status(letter, "asked")
    demo_ops.set_own_values(RecordKind.LETTER, letter, {field: "ABC-123"})
    demo_ops.undo_stack.undo()  # the status: a value set since stays
    assert demo_ops.own_values(RecordKind.LETTER, letter) == {field: "ABC-123"}
    demo_ops.sweep_files()
    with demo_ops.plain() as connection:
        assert rows.file_bytes(connection, digest=digest_of(b"%PDF-1.4 CV three"))


def test_taking_a_choice_away_ends_the_undo_history(demo_ops: Ops) -> None:
    from img_crm.domain.custom_fields import FieldKind, RecordKind

    field = demo_ops.define_field(RecordKind.CONTACT, "Track", FieldKind.CHOICE, ["Old", "New"])
    demo_ops.update_contact(1, {"own_fields": {field: "Old"}})
    demo_ops.update_contact(1, {"own_fields": {field: "New"}})
    assert demo_ops.undo_stack.canUndo()
    demo_ops.change_field(field, choices=["New", "Other"])
    assert not demo_ops.undo_stack.canUndo()  # no step can put "Old" back


def test_undo_of_a_merge_gives_back_the_day_each_was_given(demo_ops: Ops, mine: Path) -> None:
    from datetime import date

    (ident,) = demo_ops.attach_files(Owner(OwnerKind.CONTACT, 3), [mine / CV])
    demo_ops.mark_sent(ident, contact_ids=[1], on=date(2026, 10, 1))
    demo_ops.mark_sent(ident, contact_ids=[2], on=date(2026, 9, 1))
    demo_ops.merge_contacts(1, 2, {})
    with demo_ops.plain() as connection:
        assert [(r.contact_id, r.sent_on) for r in sent_files.sent_records(connection)] == [
            (1, date(2026, 9, 1))
        ]
    demo_ops.undo_stack.undo()
    with demo_ops.plain() as connection:
        assert sorted((r.contact_id, r.sent_on) for r in sent_files.sent_records(connection)) == [
            (1, date(2026, 10, 1)),
            (2, date(2026, 9, 1)),
        ]
