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
    assert len(tab.bars) == 13 and not tab.message.isVisibleTo(tab)


def test_one_bar_per_task_with_arrows_today_line_and_late_marks(
    qtbot: QtBot, demo_ops: Ops
) -> None:
    tab = PlanTab(demo_ops)
    qtbot.addWidget(tab)
    with demo_ops.reading() as session:
        tasks = load_plan(session)
    bars = [item for item in tab.scene.items() if isinstance(item, TaskBar)]
    assert len(bars) == len(tasks) == len(tab.bars) == 13
    tab.draw(clock.today() + timedelta(days=3 * 365))  # far ahead: everything not done is late
    late = [bar for bar in tab.bars if bar.pen().width() == 3]
    assert len(late) == len([t for t in tasks if not t.done]) > 0


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
    assert len(tab.bars) == 13  # redrawn from the change signal


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
