"""Ratings, criteria, pros and cons, supplemental lists and the export on the
Rank list page (#22): each saved by the user's own action, dated, and never
lost by moving to another program."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from img_crm.store.ranking import history, lists
from img_crm.ui.ops import Ops
from img_crm.ui.views.criteria_dialog import CriteriaDialog
from img_crm.ui.views.rank_page import RankPage
from img_crm.ui.views.season_tab import SeasonTab


@pytest.fixture
def programs(ops: Ops) -> list[int]:
    return [
        ops.add_program({"name": name, "application_status": "interviewed"})
        for name in ("Brookside IM", "Lakeview IM")
    ]


def _page(qtbot: QtBot, ops: Ops) -> RankPage:
    season = SeasonTab(ops)
    qtbot.addWidget(season)
    season.resize(1280, 800)
    season.show()
    qtbot.waitExposed(season)
    season.show_page(season.rank)
    return season.rank


def _lines(ops: Ops) -> list[str]:
    with ops.reading() as session:
        return [change.what for change in history(session)]


def _spin(page: RankPage, name: str) -> object:
    board = page.board
    criterion = next(c for c in board.criteria if c.name == name)
    return page.ratings.spins[criterion.id]


def test_a_program_is_rated_with_pros_and_cons_and_the_score_follows(
    qtbot: QtBot, ops: Ops, programs: list[int]
) -> None:
    brookside, lakeview = programs
    page = _page(qtbot, ops)
    panel = page.ratings
    assert panel.model.rowCount() == 2
    assert (
        panel.form.title() == "Ratings of Brookside IM (1 poor to 5 excellent)"
    )  # the first row, sorted by name
    assert not panel.save_button.isEnabled()  # nothing typed, nothing to save
    assert panel.suggested.text().startswith("Rate the programs above")
    _spin(page, "Visa").setValue(5)  # type: ignore[attr-defined]
    _spin(page, "Fit").setValue(2)  # type: ignore[attr-defined]
    panel.pros.setPlainText("Sponsors H-1B")
    assert panel.save_button.isEnabled()
    panel.save_button.click()
    assert _lines(ops) == ["Brookside IM: Visa 5, Fit 2, pros and cons edited"]
    assert not panel.save_button.isEnabled()
    (row,) = [r for r in panel.model.rows() if r.program_id == brookside]
    assert row.score == pytest.approx((5 * 3 + 2 * 2) / 5) and row.rated == 2
    assert panel.suggested.text() == (
        "Suggested by your ratings: 1. Brookside IM (3.8, 2 of 6 rated); then, not rated: "
        "Lakeview IM"
    )
    assert page.board.notes[brookside] == ("Sponsors H-1B", "")
    # "Not rated" takes a rating away
    _spin(page, "Fit").setValue(0)  # type: ignore[attr-defined]
    panel.save_button.click()
    assert _lines(ops)[-1] == "Brookside IM: Fit not rated"
    assert lakeview not in page.board.ratings


def test_moving_to_another_program_asks_before_unsaved_ratings_go(
    qtbot: QtBot, ops: Ops, programs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    brookside, lakeview = programs
    page = _page(qtbot, ops)
    panel = page.ratings
    answers = iter([QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Save])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    _spin(page, "Visa").setValue(4)  # type: ignore[attr-defined]
    panel.table.setCurrentIndex(panel.model.index(1, 0))  # Lakeview: discard
    assert (
        panel.form.title() == "Ratings of Lakeview IM (1 poor to 5 excellent)" and _lines(ops) == []
    )
    _spin(page, "Visa").setValue(3)  # type: ignore[attr-defined]
    panel.table.setCurrentIndex(panel.model.index(0, 0))  # Brookside: save Lakeview's
    assert _lines(ops) == ["Lakeview IM: Visa 3"]
    assert page.board.ratings == {lakeview: {_spin_id(page, "Visa"): 3}}
    assert panel.form.title() == "Ratings of Brookside IM (1 poor to 5 excellent)"
    assert brookside not in page.board.ratings


def _spin_id(page: RankPage, name: str) -> int:
    return next(c.id for c in page.board.criteria if c.name == name)


def test_a_reload_keeps_what_the_user_was_typing(
    qtbot: QtBot, ops: Ops, programs: list[int]
) -> None:
    page = _page(qtbot, ops)
    panel = page.ratings
    _spin(page, "Location").setValue(2)  # type: ignore[attr-defined]
    panel.cons.setPlainText("Long winters")
    ops.rank_put(programs[1], 1)  # another change reloads the page
    assert _spin(page, "Location").value() == 2  # type: ignore[attr-defined]
    assert panel.cons.toPlainText() == "Long winters" and panel.save_button.isEnabled()


def test_criteria_are_renamed_reweighted_added_and_removed_after_asking(
    qtbot: QtBot, ops: Ops, programs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(qtbot, ops)
    ops.rank_rate(programs[0], {_spin_id(page, "Gut feeling"): 4}, "", "")
    board = page.board
    held = {_spin_id(page, "Gut feeling"): 1}
    dialog = CriteriaDialog(board.criteria, held, ops.rank_edit_criteria, page)
    qtbot.addWidget(dialog)
    names = [row.name.text() for row in dialog.rows]
    assert names == ["Visa", "IMG support", "Location", "Fellowship outcomes", "Fit", "Gut feeling"]
    dialog.rows[2].name.setText("Location  and cost")
    dialog.rows[2].weight.setValue(4)
    dialog.rows[5].remove.click()
    dialog.add_button.click()
    dialog.rows[-1].name.setText("visa")  # the same name twice is refused, nothing written
    dialog.save()
    assert "Visa is there twice" in dialog.error.text() and dialog.result() == 0
    dialog.rows[-1].name.setText("Research time")
    asked: list[str] = []

    def question(*args: object, **_kw: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog.save()
    assert asked == ["Removing Gut feeling deletes the rating given on it. Remove?"]
    assert dialog.result() == 1
    assert [(c.name, c.weight) for c in page.board.criteria] == [
        ("Visa", 3),
        ("IMG support", 2),
        ("Location and cost", 4),
        ("Fellowship outcomes", 1),
        ("Fit", 2),
        ("Research time", 1),
    ]
    assert page.board.ratings == {}
    assert "Research time (×1)" in [
        w.text() for w in page.ratings.form.findChildren(type(page.ratings.suggested))
    ]
    assert _lines(ops)[1:] == [
        "criterion Gut feeling removed (1 rating)",
        "criterion Location renamed Location and cost",
        "criterion Location and cost: weight 1 to 4",
        "criterion Research time: added, weight 1",
    ]


def test_a_supplemental_list_is_named_filled_and_exported(
    qtbot: QtBot, ops: Ops, programs: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    brookside, lakeview = programs
    page = _page(qtbot, ops)
    ops.rank_put(lakeview, 1)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("  Prelim for   Lakeview ", True))
    page.new_list_button.click()
    assert page.list_name() == "Prelim for Lakeview"
    assert page.ranks.count() == 0 and page.candidates.count() == 2
    assert not page.ratings.use_button.isVisibleTo(page)  # the ratings order the primary list
    page.add_button.click()
    with ops.reading() as session:
        assert lists(session) == {"primary": [lakeview], "Prelim for Lakeview": [brookside]}
    assert page.list_name() == "Prelim for Lakeview"  # still shown after the reload
    places = {r.program_id: r.place for r in page.ratings.model.rows()}
    assert places == {brookside: 1, lakeview: None}
    target = tmp_path / "prelim"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF files (*.pdf)")
    )
    page.export_button.click()
    written = tmp_path / "prelim.pdf"
    assert written.read_bytes().startswith(b"%PDF-")
    assert oct(written.stat().st_mode & 0o777) == "0o600"
    page.list_choice.setCurrentIndex(0)
    assert page.list_name() == "primary" and page.ratings.use_button.isVisibleTo(page)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "r.csv"), "")
    )
    page.export_button.click()
    assert (
        (tmp_path / "r.csv")
        .read_text(encoding="utf-8-sig")
        .splitlines()[1]
        .startswith("1,Lakeview IM,")
    )


def _window_on_the_rank_list(qtbot: QtBot, ops: Ops, make_window: object) -> Any:
    window = make_window(ops)  # type: ignore[operator]
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentWidget(window.season_tab)
    window.season_tab.show_page(window.season_tab.rank)
    return window


def test_closing_the_window_asks_before_unsaved_ratings_go(
    qtbot: QtBot,
    ops: Ops,
    programs: list[int],
    make_window: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Quit with ratings typed and not saved used to lose them silently."""
    window = _window_on_the_rank_list(qtbot, ops, make_window)
    page = window.season_tab.rank
    _spin(page, "Visa").setValue(4)  # type: ignore[attr-defined]
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    assert not window.close() and window.isVisible()  # Cancel: stay and finish
    assert _lines(ops) == []
    assert window.close()  # Save
    assert _lines(ops) == ["Brookside IM: Visa 4"]


def test_the_session_ending_keeps_unsaved_ratings_without_asking(
    qtbot: QtBot, ops: Ops, programs: list[int], make_window: object
) -> None:
    window = _window_on_the_rank_list(qtbot, ops, make_window)
    window.season_tab.rank.ratings.pros.setPlainText("Great teaching")
    window.end_session()  # SIGTERM at logout: nobody to answer a question
    assert not window.isVisible()
    assert _lines(ops) == ["Brookside IM: pros and cons edited"]


def test_the_deadline_is_typed_in_a_dialog_of_its_own(
    qtbot: QtBot, ops: Ops, programs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from img_crm import clock
    from img_crm.ui.views.season_settings import DeadlineDialog

    page = _page(qtbot, ops)
    day = clock.today() + timedelta(days=60)

    def fill(dialog: DeadlineDialog) -> int:
        assert dialog.deadline.value() is None
        dialog.deadline.set_value(day)
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(DeadlineDialog, "exec", fill)
    page.deadline_button.click()
    assert page.board.deadline == day
    assert page.certification.text().startswith(f"Deadline: {day.isoformat()}.")
