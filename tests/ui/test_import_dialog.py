"""File → Import…: preview, mapping, duplicate review, progress, cancel, summary."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QMessageBox, QProgressDialog
from pytestqt.qtbot import QtBot

from img_crm.services import importer
from img_crm.services.exports import Kind
from img_crm.store.contact_rows import list_contacts
from img_crm.store.db import open_store
from img_crm.ui.main_window import MainWindow
from img_crm.ui.ops import Ops
from img_crm.ui.views.import_dialog import ImportDialog

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MakeWindow = Callable[..., MainWindow]


def _name(seed: int) -> str:
    digest = hashlib.sha256(str(seed).encode()).digest()
    return "".join("bcdfghjklmnprstvz"[b % 17] + "aeiou"[b % 5] for b in digest[:4]).capitalize()


def _linkedin(path: Path, rows: int) -> Path:
    lines = [
        "Notes:",
        "a",
        "b",
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    lines += [
        f"{_name(i)},{_name(i + 9973)},,p{i}@example.org,Hospital {i % 30},Attending,2 Mar 2026"
        for i in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_2000_row_linkedin_import_shows_progress_and_the_summary(
    qtbot: QtBot, ops: Ops, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(ImportDialog, "tell", lambda self, message: told.append(message))
    values: list[int] = []
    monkeypatch.setattr(QProgressDialog, "setValue", lambda self, v: values.append(v))
    dialog = ImportDialog(ops, _linkedin(tmp_path / "Connections.csv", 2000))
    qtbot.addWidget(dialog)
    assert dialog.current_format().value == "linkedin"
    assert dialog.preview.rowCount() == 20 and "2000 contacts" in dialog.count.text()
    assert not dialog.mapping_table.isVisibleTo(dialog)
    dialog.review()
    assert dialog.pages.currentIndex() == 1 and "2000 to add" in dialog.plan_label.text()
    dialog.run_import()
    assert dialog.progress.maximum() == 2000 and values[-1] == 2000 and len(values) > 10
    assert told == ["Imported Connections.csv: 2000 added, 0 merged, 0 skipped."]
    with ops.reading() as session:
        assert len(list_contacts(session)) == 2000


def test_cancel_writes_nothing(
    qtbot: QtBot, ops: Ops, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(ImportDialog, "tell", lambda self, message: told.append(message))
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    dialog = ImportDialog(ops, _linkedin(tmp_path / "Connections.csv", 300))
    qtbot.addWidget(dialog)
    dialog.review()
    dialog.run_import()
    assert told and "cancelled" in told[0]
    with ops.reading() as session:
        assert list_contacts(session) == []


def test_generic_csv_column_mapping(qtbot: QtBot, ops: Ops, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "Full Name,Work Mail,Employer\nAna Lima,ana@example.org,Lakeview\n", encoding="utf-8"
    )
    dialog = ImportDialog(ops, path)
    qtbot.addWidget(dialog)
    assert dialog.mapping_table.isVisibleTo(dialog)
    assert dialog.mapping == {"Full Name": "name"}  # the others are not recognised
    for row, target in ((1, "email"), (2, "institution")):
        box = dialog.mapping_table.cellWidget(row, 1)
        assert isinstance(box, QComboBox)
        box.setCurrentIndex(box.findData(target))
    assert dialog.records[0].data == {
        "name": "Ana Lima",
        "email": "ana@example.org",
        "institution": "Lakeview",
    }
    assert dialog.preview.item(0, 2).text() == "ana@example.org"  # name, title, email, …


def test_duplicate_review_sets_an_action_per_row(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ImportDialog, "tell", lambda self, message: None)
    dialog = ImportDialog(demo_ops, FIXTURES / "contacts_v3.vcf")
    qtbot.addWidget(dialog)
    dialog.review()
    assert dialog.duplicates.rowCount() == 2  # both people are in the sample data
    assert dialog.plan is not None
    box = dialog.duplicates.cellWidget(0, 2)
    assert isinstance(box, QComboBox)
    box.setCurrentIndex(box.findData("merge"))
    assert dialog.plan.duplicates[0].action is importer.OnDuplicate.MERGE
    assert "1 to merge, 1 to skip" in dialog.plan_label.text()
    dialog.run_import()
    assert dialog.summary == importer.Summary(0, 1, 1)


def test_a_bad_row_is_listed_and_import_waits_for_the_users_choice(
    qtbot: QtBot, ops: Ops, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "Name,Email\nAna,ana@example.org\nBo,bo@\n,nobody@example.org\nCy,cy@example.org\n",
        encoding="utf-8",
    )
    dialog = ImportDialog(ops, path)
    qtbot.addWidget(dialog)
    dialog.show()
    # The preview numbers each row with its line in the file.
    assert [dialog.preview.verticalHeaderItem(r).text() for r in range(4)] == ["2", "3", "4", "5"]
    dialog.review()
    assert dialog.pages.currentIndex() == 1
    assert not dialog.duplicates.isVisible()  # none: the section is not shown empty
    cells = [
        [dialog.invalid.item(r, c).text() for c in range(4)]
        for r in range(dialog.invalid.rowCount())
    ]
    assert cells == [
        ["3", "Bo", "email", "does not look like an email address (name@example.org)"],
        ["4", "(no name)", "name", "a name is required"],
    ]
    assert dialog.invalid.isVisible() and "2 entries cannot become a contact" in (
        dialog.invalid_label.text()
    )
    assert not dialog.import_button.isEnabled()  # nothing goes in until the user chooses
    assert dialog.skip_invalid.text().replace("&", "") == (
        "Leave out these 2 entries and import the rest"
    )
    told: list[str] = []
    monkeypatch.setattr(dialog, "tell", told.append)
    dialog.skip_invalid.setChecked(True)
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    assert told == [
        "Imported people.csv: 2 added, 0 merged, 0 skipped. "
        "2 entries that cannot be imported were left out."
    ]
    with ops.reading() as session:
        assert sorted(r.name for r in list_contacts(session)) == ["Ana", "Cy"]


def test_a_file_without_bad_rows_hides_the_list(qtbot: QtBot, ops: Ops, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Name,Email\nAna,ana@example.org\n", encoding="utf-8")
    dialog = ImportDialog(ops, path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.review()
    assert not dialog.invalid.isVisible() and not dialog.skip_invalid.isVisible()
    assert dialog.import_button.isEnabled()


def test_json_restore_from_the_file_menu(
    qtbot: QtBot,
    demo_ops: Ops,
    make_window: MakeWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backup = tmp_path / "all.json"
    demo_ops.export(Kind.JSON, backup)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    empty = open_store(tmp_path / "empty")  # demo_ops holds the test's default store
    window = make_window(Ops(empty))
    assert window.stack.currentWidget() is window.welcome
    window.transfers.import_path(backup)
    assert window.stack.currentWidget() is window.tabs
    window.tabs.setCurrentWidget(window.contacts_tab)
    assert window.contacts_tab.model.total_count() == 24


def test_linkedin_members_who_hide_their_details_are_counted_not_asked_about(
    qtbot: QtBot, ops: Ops
) -> None:
    path = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin_2024_hidden_members.csv"
    dialog = ImportDialog(ops, path)
    qtbot.addWidget(dialog)
    assert dialog.count.text() == "3 contacts in the file."  # the three hidden are not shown
    dialog.review()
    assert "3 LinkedIn connections who hide their details" in dialog.plan_label.text()
    assert dialog.invalid.rowCount() == 1  # the typo'd address only


def test_the_encoding_found_is_shown_and_can_be_changed(
    qtbot: QtBot, ops: Ops, tmp_path: Path
) -> None:
    path = tmp_path / "turkish.csv"
    path.write_bytes("Name\nAyşe Yılmaz\n".encode("cp1254"))
    dialog = ImportDialog(ops, path)
    qtbot.addWidget(dialog)
    assert "Read as Windows-1252" in dialog.count.text()
    assert dialog.encoding_box.currentText() == "Found: Windows-1252 (Western European)"
    dialog.encoding_box.setCurrentIndex(dialog.encoding_box.findData("cp1254"))
    assert dialog.preview.item(0, 0).text() == "Ayşe Yılmaz"
    assert "Read as" not in dialog.count.text()


def test_a_spreadsheet_safe_export_is_recognised_and_the_user_decides(
    qtbot: QtBot, demo_ops: Ops, tmp_path: Path
) -> None:
    from img_crm.services.csv_io import export_contacts_csv
    from img_crm.store.contacts import add_contact

    with demo_ops.store.session() as session:
        add_contact(session, data={"name": "Ana Lima", "phone": "+1 312 555 0100"})
    safe, plain = tmp_path / "safe.csv", tmp_path / "plain.csv"
    with demo_ops.reading() as session:
        export_contacts_csv(session, safe, safe=True)
        export_contacts_csv(session, plain)
    dialog = ImportDialog(demo_ops, safe)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.unprotect.isVisible() and dialog.unprotect.isChecked()
    phones = {r.data.get("phone", "") for r in dialog.records}
    assert not any(p.startswith("'") for p in phones)
    dialog.unprotect.setChecked(False)  # the user says it is not
    assert any(r.data.get("phone", "").startswith("'+") for r in dialog.records)
    other = ImportDialog(demo_ops, plain)
    qtbot.addWidget(other)
    other.show()
    assert other.unprotect.isVisible() and not other.unprotect.isChecked()


def test_the_preview_shows_names_and_titles_as_they_will_be_stored(qtbot: QtBot, ops: Ops) -> None:
    path = Path(__file__).resolve().parent.parent / "fixtures" / "vcard21_android_outlook.vcf"
    dialog = ImportDialog(ops, path)
    qtbot.addWidget(dialog)
    assert [dialog.preview.item(0, c).text() for c in (0, 1)] == ["Đặng Thị Hương", "Dr."]
    assert dialog.preview.item(0, 7).text().startswith("First line")  # notes are shown too
    labels = [dialog.encoding_box.itemText(i) for i in range(dialog.encoding_box.count())]
    assert "Windows-1254 (Turkish)" in labels and "ISO-8859-7 (Greek)" in labels
