"""The Programs tab on real widgets: model, editing, ties, interviews, import."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from img_crm import clock
from img_crm.services.programs import program_view
from img_crm.store.programs import get_program, list_program_rows, list_questions, ties_of_program
from img_crm.ui.ops import Ops
from img_crm.ui.views.program_detail import InterviewDialog, TieDialog
from img_crm.ui.views.program_dialog import ProgramDialog
from img_crm.ui.views.programs_tab import ProgramsTab


def test_programs_model_passes_the_model_tester(
    qtmodeltester: ModelTester, qtbot: QtBot, demo_ops: Ops
) -> None:
    tab = ProgramsTab(demo_ops)
    qtbot.addWidget(tab)
    assert tab.model.rowCount() == 12
    qtmodeltester.check(tab.model, force_py=True)
    tab.model.set_search("lakeview", None, None)
    assert [tab.model.row_at(r).name for r in range(tab.model.rowCount())] == [
        "Lakeview University IM"
    ]
    tab.model.set_search("", 3, None)
    assert {tab.model.row_at(r).tier for r in range(tab.model.rowCount())} == {3}
    qtmodeltester.check(tab.model, force_py=True)


def test_tier_bar_and_suggestions(qtbot: QtBot, demo_ops: Ops) -> None:
    tab = ProgramsTab(demo_ops)
    qtbot.addWidget(tab)
    assert "3" in tab.tier_labels[1].text() and "15–30" in tab.tier_labels[1].text()
    riverside = next(r for r in tab.model.rows() if r.name == "Riverside Regional IM")
    row = tab.model.rows().index(riverside)
    assert tab.model.data(tab.model.index(row, 1)) == "2 → 1"


def test_new_program_through_the_dialog_with_errors_beside_fields(
    qtbot: QtBot, ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = ProgramsTab(ops)
    qtbot.addWidget(tab)

    def fill(dialog: ProgramDialog) -> int:
        share = dialog.inputs["img_share"]
        assert isinstance(share, QLineEdit)
        share.setText("140")
        dialog.save()
        assert dialog.errors["name"].text() and dialog.errors["img_share"].text()
        name = dialog.inputs["name"]
        assert isinstance(name, QLineEdit)
        name.setText("Lakeview IM")
        share.setText("35")
        dialog.tier.setCurrentIndex(dialog.tier.findData(2))
        dialog.visa.setCurrentIndex(dialog.visa.findData("both"))
        dialog.timezone.setCurrentText("America/Chicago")
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(ProgramDialog, "exec", fill)
    tab.new_program()
    with ops.reading() as session:
        (row,) = list_program_rows(session)
    assert (row.name, row.tier, row.visa, row.img_share, row.timezone) == (
        "Lakeview IM",
        2,
        "both",
        35.0,
        "America/Chicago",
    )
    assert tab.selected_id() == row.id


def test_detail_edits_signals_status_ties_interview_and_answers(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = ProgramsTab(demo_ops)
    qtbot.addWidget(tab)
    tab.select_program(12)  # Northshore: tier 3, no interview
    detail = tab.detail
    assert detail.program_id == 12
    detail.checks["signal_pd_replied"].setChecked(True)
    detail.status.setCurrentIndex(detail.status.findData("applied"))

    def pick(dialog: TieDialog) -> int:
        dialog.contact.setCurrentIndex(dialog.contact.findData(2))  # a sponsor
        dialog.kind.setCurrentIndex(dialog.kind.findData("knows-pd"))
        return 1

    monkeypatch.setattr(TieDialog, "exec", pick)
    detail.tie_contact()
    with demo_ops.reading() as session:
        row = get_program(session, program_id=12)
        assert row.signal_pd_replied and row.application_status == "applied"
        assert [(t.contact_id, t.kind) for t in ties_of_program(session, program_id=12)] == [
            (2, "knows-pd")
        ]
        assert program_view(session).statuses[12].suggest_tier_1

    demo_ops.save_profile({"home_timezone": "Asia/Kolkata"})
    opened: list[tuple[str, str, str]] = []

    def schedule(dialog: InterviewDialog) -> int:
        first = dialog.when.dateTime().toPython()
        opened.append((first.strftime("%H:%M"), dialog.zone, dialog.home))
        if len(opened) == 1:  # a new interview: 09:00 there, two weeks out
            assert first.date() == clock.today() + timedelta(days=14)
            assert dialog.preview.text().startswith(first.strftime("%a %-d %b") + ", 9:00 am E")
            assert "IST" in dialog.preview.text()
            dialog.when.setDateTime(datetime(2026, 12, 9, 10, 0))
            assert "EST" in dialog.preview.text()
            return 1
        return 0  # opened again: it starts at the time already set

    monkeypatch.setattr(InterviewDialog, "exec", schedule)
    detail.set_interview()
    assert "Wed 9 Dec, 10:00 am EST · Wed 9 Dec, 8:30 pm IST" in detail.interview.text()
    detail.set_interview()
    assert opened == [
        ("09:00", "America/New_York", "Asia/Kolkata"),
        ("10:00", "America/New_York", "Asia/Kolkata"),
    ]
    # Cancelled: Remove interview takes it off (and off Today); the status
    # stays the user's to set.
    assert not detail.clear_interview_button.isHidden()
    qtbot.mouseClick(detail.clear_interview_button, Qt.MouseButton.LeftButton)
    assert detail.interview.text() == "Not scheduled."
    assert detail.clear_interview_button.isHidden()
    with demo_ops.reading() as session:
        assert get_program(session, program_id=12).interview_at is None
        assert get_program(session, program_id=12).application_status == "interview-scheduled"
    detail.set_interview()  # and set again (the dialog starts at 09:00 once more)
    assert opened[-1][0] == "09:00"
    assert detail.questions.rowCount() == 5
    detail.questions.item(0, 1).setText("About half")
    assert "Applied" in detail.summary.text() and "Interview scheduled" in detail.summary.text()
    with demo_ops.reading() as session:
        assert list_questions(session, program_id=12)[0].answer == "About half"
        assert get_program(session, program_id=12).application_status == "interview-scheduled"


def test_gui_import_is_all_or_nothing(
    qtbot: QtBot, ops: Ops, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = ProgramsTab(ops)
    qtbot.addWidget(tab)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    bad = tmp_path / "bad.csv"
    bad.write_text("name,state,tier\nA,NY,1\nB,TX,4\n", encoding="utf-8")
    assert tab.import_file(bad) is None
    assert "line 3, column tier" in warnings[0] and tab.model.rowCount() == 0
    good = tmp_path / "good.csv"
    good.write_text("name,state,tier\nA,NY,1\nB,TX,2\n", encoding="utf-8")
    monkeypatch.setattr(tab, "confirm_import", lambda planned: len(planned.add) == 2)
    done = tab.import_file(good)
    assert done is not None and len(done.add) == 2
    assert tab.model.rowCount() == 2
    # The same file again: nothing to add, said once, nothing written.
    assert tab.import_file(good) is None
    assert (
        warnings[-1]
        == "Every program in good.csv is already here as the file has it; nothing to do."
    )
    assert tab.model.rowCount() == 2


def test_delete_names_the_program_and_cancel_keeps_it(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = ProgramsTab(demo_ops)
    qtbot.addWidget(tab)
    tab.table.selectRow(0)
    chosen = tab.model.row_at(0)
    asked: list[str] = []
    monkeypatch.setattr(tab, "confirm_delete", lambda name: asked.append(name) or False)
    tab.delete_selected()
    with demo_ops.reading() as session:
        assert chosen.id in {r.id for r in list_program_rows(session)}
    monkeypatch.setattr(tab, "confirm_delete", lambda name: asked.append(name) or True)
    tab.delete_selected()
    with demo_ops.reading() as session:
        assert chosen.id not in {r.id for r in list_program_rows(session)}
    assert asked == [chosen.name, chosen.name]
    assert tab.model.rowCount() == 11
