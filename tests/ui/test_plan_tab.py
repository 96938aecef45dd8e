"""The Plan tab: one bar per task, late tasks marked, editing in place, exports."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import icalendar
import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from img_crm import clock
from img_crm.store.plan import load_plan
from img_crm.ui.ops import Ops
from img_crm.ui.views.plan_tab import PlanTab, TaskBar, TaskDialog


def test_without_a_match_year_the_tab_says_what_to_do(qtbot: QtBot, ops: Ops) -> None:
    tab = PlanTab(ops)
    qtbot.addWidget(tab)
    assert tab.bars == [] and tab.message.text().startswith(
        "Set your match year first (Settings → Profile)"
    )
    assert "img-crm" not in tab.message.text()  # no command line in the window
    ops.save_profile({"match_year": "2029"})
    assert len(tab.tasks) == 13 and not tab.message.isVisibleTo(tab)
    assert len(tab.bars) == 13 + len(tab.steps) and len(tab.steps) == 6  # and the ECFMG steps


def test_one_bar_per_task_with_arrows_today_line_and_late_marks(
    qtbot: QtBot, demo_ops: Ops
) -> None:
    tab = PlanTab(demo_ops)
    qtbot.addWidget(tab)
    with demo_ops.reading() as session:
        tasks = load_plan(session)
    bars = [item for item in tab.scene.items() if isinstance(item, TaskBar)]
    assert len(bars) == len(tab.bars) == len(tasks) + len(tab.steps) == 13 + len(tab.steps)
    tab.draw(clock.today() + timedelta(days=3 * 365))  # far ahead: everything not done is late
    late = [bar for bar in tab.bars if bar.pen().width() == 3]
    undone = [t for t in [*tasks, *tab.steps] if not t.done]
    assert len(late) == len(undone) > 0


def test_editing_a_task_moves_the_ones_after_it(
    qtbot: QtBot, demo_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = PlanTab(demo_ops)
    qtbot.addWidget(tab)
    first = tab.tasks[0]

    def longer(dialog: TaskDialog) -> int:
        dialog.days.setValue(first.days + 30)
        dialog.done_box.setChecked(True)
        return 1

    monkeypatch.setattr(TaskDialog, "exec", longer)
    tab.bars[0].mouseDoubleClickEvent(None)  # type: ignore[arg-type]
    with demo_ops.reading() as session:
        tasks = {t.key: t for t in load_plan(session)}
    assert tasks[first.key].days == first.days + 30 and tasks[first.key].done
    for task in tasks.values():
        for before in task.after:
            assert task.start >= tasks[before].end
    assert len(tab.bars) == 13 + len(tab.steps)  # redrawn from the change signal


def test_exports_png_and_ics(qtbot: QtBot, demo_ops: Ops, tmp_path: Path) -> None:
    tab = PlanTab(demo_ops)
    qtbot.addWidget(tab)
    png = tmp_path / "plan.png"
    tab.render_png(png)
    image = QImage(str(png))
    assert image.width() > 500 and image.height() > 200
    from img_crm.services.plan import write_plan_ics

    ics = tmp_path / "plan.ics"
    assert write_plan_ics(tab.tasks, ics) == 13
    events = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert len({str(e["uid"]) for e in events}) == 13


def test_eligibility_steps_are_drawn_after_what_they_need_and_marked_done_by_the_user(
    qtbot: QtBot, ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ECFMG and visa steps are bars under the plan, each ending on its
    due date and after the steps it needs; a double-click marks one done,
    with OET's scores and expiry, and the bar and Today follow."""
    from img_crm.domain.eligibility import TASK_PREFIX
    from img_crm.services.eligibility import checklist
    from img_crm.ui.views.step_dialog import StepDialog

    year = clock.today().year + 1
    ops.save_profile({"match_year": str(year), "visa": "h1b"})
    tab = PlanTab(ops)
    qtbot.addWidget(tab)
    steps = {t.key.removeprefix(TASK_PREFIX): t for t in tab.steps}
    assert "step-3" in steps and "statement-of-need" not in steps  # the H-1B track
    bars = {bar.task.key.removeprefix(TASK_PREFIX): bar for bar in tab.bars}
    # each step starts right of the steps it needs end (the arrows' order)
    assert bars["pathway"].rect().left() >= bars["step-2-ck"].rect().right() - 1
    assert bars["step-3"].rect().left() >= bars["ecfmg-certificate"].rect().left()
    done_on = clock.today() - timedelta(days=3)

    def oet(dialog: StepDialog) -> int:
        dialog.done_on.set_value(done_on)
        dialog.score.setText(" B  B B A ")
        dialog.expires.set_value(done_on - timedelta(days=1))  # before it was done: refused
        dialog.save()
        assert "expires after the day it was done" in dialog.error.text()
        dialog.expires.set_value(done_on + timedelta(days=700))
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(StepDialog, "exec", oet)
    bars["oet"].mouseDoubleClickEvent(None)  # type: ignore[arg-type]
    with ops.reading() as session:
        state = {c.step.key: c.state for c in checklist(session)}["oet"]
    assert (state.done_on, state.score) == (done_on, "B B B A")
    assert state.expires_on == done_on + timedelta(days=700)
    assert {t.key: t.done for t in tab.steps}[TASK_PREFIX + "oet"]  # redrawn, done

    def future(dialog: StepDialog) -> int:
        dialog.done_on.set_value(clock.today() + timedelta(days=1))
        dialog.save()
        assert "not after today" in dialog.error.text()
        return 0

    monkeypatch.setattr(StepDialog, "exec", future)
    {b.task.key: b for b in tab.bars}[TASK_PREFIX + "step-1"].mouseDoubleClickEvent(
        None  # type: ignore[arg-type]
    )
    with ops.reading() as session:
        assert {c.step.key: c.state for c in checklist(session)}["step-1"].done_on is None


def test_a_task_or_a_step_is_changed_from_the_keyboard_too(
    qtbot: QtBot, ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A double-click on a bar was the only way: Change… names them all."""
    from PySide6.QtWidgets import QInputDialog

    from img_crm.ui.views.step_dialog import StepDialog

    ops.save_profile({"match_year": str(clock.today().year + 1)})
    tab = PlanTab(ops)
    qtbot.addWidget(tab)
    offered: list[list[str]] = []

    def pick(*args: object, **_kw: object) -> tuple[str, bool]:
        names = list(args[3])  # type: ignore[call-overload]
        offered.append(names)
        return "Eligibility: USMLE Step 1 passed", True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    opened: list[str] = []
    monkeypatch.setattr(StepDialog, "exec", lambda self: opened.append(self.windowTitle()) or 0)
    tab.change_button.click()
    assert len(offered[0]) == len(tab.tasks) + len(tab.steps)
    assert offered[0][0] == tab.tasks[0].title and opened == ["Eligibility step"]
