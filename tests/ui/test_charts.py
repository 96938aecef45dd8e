"""Charts that read right: whole-number ticks, bars that end at their value,
months that read as months, a legend for the phases, one reply rate."""

from __future__ import annotations

from collections import Counter
from datetime import date
from itertools import pairwise

import pytest
from PySide6.QtCharts import QValueAxis
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsSimpleTextItem
from pytestqt.qtbot import QtBot

from img_crm.domain.enums import ActivityKind, Stage
from img_crm.domain.momentum import Funnel
from img_crm.services.templates import templates_json
from img_crm.services.today import build_today
from img_crm.ui.icons import STAGE_COLORS
from img_crm.ui.ops import Ops
from img_crm.ui.views.charts import ChartView, tick_step
from img_crm.ui.views.plan_tab import PlanTab


@pytest.mark.parametrize(
    ("top", "step"), [(0, 1), (1, 1), (3, 1), (5, 1), (6, 2), (10, 2), (24, 5), (99, 20)]
)
def test_ticks_are_whole_numbers_in_at_most_five_steps(top: int, step: int) -> None:
    assert tick_step(top) == step


def _value_axis(view: ChartView) -> QValueAxis:
    (axis,) = [a for a in view.chart().axes() if isinstance(a, QValueAxis)]
    return axis


def _labels(axis: QValueAxis) -> list[float]:
    """The values the axis marks (dynamic ticks from the anchor by the interval)."""
    marks, at = [], axis.tickAnchor()
    while at <= axis.max() + 1e-9:
        marks.append(at)
        at += axis.tickInterval()
    return marks


@pytest.mark.parametrize("contacted", [1, 3, 24])
def test_the_funnel_marks_whole_numbers_and_each_bar_ends_at_its_value(
    qtbot: QtBot, contacted: int
) -> None:
    view = ChartView("funnel")
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.show()
    steps = [0, 1, min(2, contacted), contacted // 2, contacted]  # sponsor ... contacted
    view.show_funnel(Funnel(contacted, steps[3], steps[2], steps[1], steps[0], 10, 1))
    qtbot.waitExposed(view)
    axis = _value_axis(view)
    assert axis.tickType() is QValueAxis.TickType.TicksDynamic
    marks = _labels(axis)
    assert all(m == int(m) for m in marks) and marks[0] == 0 and marks[-1] > contacted
    assert len(set(f"{m:.0f}" for m in marks)) == len(marks)  # no "0 0 0 0 1"
    image = view.grab().toImage()
    bar = QColor(STAGE_COLORS[Stage.COLD])
    series = view.chart().series()[0]
    for row, count in enumerate(steps):
        if not count:
            continue
        end = view.mapFromScene(view.chart().mapToPosition(QPointF(count, row), series))
        y = end.y()
        drawn = [
            x
            for x in range(image.width())
            if all(
                abs(a - b) < 12
                for a, b in zip(image.pixelColor(x, y).getRgb()[:3], bar.getRgb()[:3], strict=True)
            )
        ]
        assert drawn and abs(max(drawn) - end.x()) <= 3, (count, max(drawn), end.x())


def test_the_months_chart_marks_whole_numbers(qtbot: QtBot) -> None:
    view = ChartView("months")
    qtbot.addWidget(view)
    buckets = {date(2026, m, 1): Counter({ActivityKind.MEETING: m % 2}) for m in range(1, 13)}
    view.show_months(buckets)
    marks = _labels(_value_axis(view))
    assert marks == [0, 1, 2]


def test_the_plan_reads_months_with_their_year_and_a_legend(qtbot: QtBot, demo_ops: Ops) -> None:
    tab = PlanTab(demo_ops)
    qtbot.addWidget(tab)
    tab.reload()
    items = [i for i in tab.scene.items() if isinstance(i, QGraphicsSimpleTextItem)]
    texts = {i.text() for i in items}
    drawn = [*tab.tasks, *tab.steps]  # the eligibility steps may start a year earlier
    first = min(t.start for t in drawn)
    last = max(t.end for t in drawn)
    names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
    assert first.strftime("%b") in texts and names & texts
    years = [i for i in items if i.text().isdigit() and len(i.text()) == 4]
    # every year the plan spans, each over its first month (not "Dec 26")
    assert [int(y.text()) for y in sorted(years, key=lambda i: i.pos().x())] == list(
        range(first.year, last.year + 1)
    )
    labels = sorted(
        (i for i in items if i.pos().y() <= 0), key=lambda i: (i.pos().y(), i.pos().x())
    )
    for a, b in pairwise(labels):  # no label runs into the next
        if a.pos().y() == b.pos().y():
            assert a.pos().x() + a.boundingRect().width() <= b.pos().x() + 1, (a.text(), b.text())
    assert {"Foundation", "Deep work", "Application prep", "Submission"} <= texts


def test_one_reply_rate_everywhere(demo_ops: Ops) -> None:
    with demo_ops.reading() as session:
        today = build_today(session)
        templates = templates_json(session)
    assert today.funnel.messages_sent == templates["overall"]["sent"]
    assert round(today.funnel.reply_rate, 4) == templates["overall"]["reply_rate"]
