"""QtCharts views for the Today tab: the outreach funnel and activity per month."""

from __future__ import annotations

from collections import Counter
from datetime import date
from html import escape

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QMargins, Qt
from PySide6.QtGui import QBrush, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from img_crm.domain.enums import ActivityKind, Stage
from img_crm.domain.momentum import Funnel
from img_crm.ui.icons import STAGE_COLORS
from img_crm.ui.labels import label
from img_crm.ui.theme import graphic

# One colour per activity kind, distinct on light and dark backgrounds.
#: One hue per kind, far enough apart (CIE ΔE 20 or more) that stacked bars
#: stay told apart after ``graphic`` darkens or lightens them for contrast.
KIND_COLORS = {
    ActivityKind.OUTREACH_SENT: "#4a90c2",
    ActivityKind.REPLY_RECEIVED: "#c2497f",
    ActivityKind.MEETING: "#e0a526",
    ActivityKind.RESEARCH_TASK: "#3fa46a",
    ActivityKind.CLINICAL_EXPERIENCE: "#e0683c",
    ActivityKind.PRESENTATION: "#8a63d2",
    ActivityKind.CONFERENCE: "#9a9a2e",
    ActivityKind.PAPER_SUBMITTED: "#2aa6a6",
    ActivityKind.PAPER_ACCEPTED: "#5c6b7a",
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Charts", text)


def _styled(chart: QChart, palette: QPalette) -> None:
    """Follow the window palette so charts match light and dark appearance."""
    chart.setBackgroundVisible(False)
    chart.setMargins(QMargins(4, 4, 4, 4))
    text = palette.color(QPalette.ColorRole.WindowText)
    chart.setTitleBrush(text)
    chart.legend().setLabelColor(text)
    for axis in chart.axes():
        axis.setLabelsColor(text)
        axis.setGridLineColor(palette.color(QPalette.ColorRole.Mid))
        axis.setLinePenColor(palette.color(QPalette.ColorRole.Mid))


def tick_step(top: int, *, most: int = 5) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50... that marks 0..top in at most
    ``most`` steps: counts are whole numbers, so are their ticks."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if -(-max(top, 1) // (step * factor)) <= most:
                return step * factor
        step *= 10


def whole_number_axis(top: int) -> QValueAxis:
    """A count axis from 0 with a tick on every whole ``tick_step``, reaching
    past ``top`` so a bar's label fits beyond its end."""
    step = tick_step(top)
    axis = QValueAxis()
    axis.setRange(0, step * (max(top, 1) // step + 1))
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    axis.setLabelFormat("%d")
    return axis


class ChartView(QChartView):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName(name)
        self.setMinimumHeight(160)
        #: Where the legend goes when the chart is narrow (set by the owner).
        self.legend_label: QLabel | None = None
        self._legend_entries: list[tuple[str, str]] = []
        # See-through without a style sheet: a widget with one keeps the
        # palette it was polished with, and its chart would stay in the old
        # colours after a switch to dark or light.
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundBrush(QBrush(Qt.GlobalColor.transparent))
        self.viewport().setAutoFillBackground(False)

    def show_funnel(self, funnel: Funnel) -> None:
        """Horizontal bars, first step on top, with the reply rate in the title."""
        steps = [
            (_tr("Sponsor"), funnel.sponsor),
            (_tr("Mentor"), funnel.mentor),
            (_tr("Warm"), funnel.warm),
            (_tr("Replied"), funnel.replied),
            (_tr("Contacted"), funnel.contacted),
        ]
        bars = QBarSet(_tr("People"))
        for _name, count in steps:
            bars.append(count)
        bars.setColor(graphic(STAGE_COLORS[Stage.COLD], self.palette()))
        bars.setLabelColor(self.palette().color(QPalette.ColorRole.WindowText))
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        chart = QChart()
        chart.addSeries(series)
        chart.setTitle(
            _tr("Outreach funnel · reply rate %1 of %2 messages (6–10% is normal)")
            .replace("%1", f"{funnel.reply_rate:.0%}")
            .replace("%2", str(funnel.messages_sent))
        )
        names = QBarCategoryAxis()
        names.append([name for name, _count in steps])
        names.setTruncateLabels(False)  # "Contacted" in full, never "…"
        chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(names)
        values = whole_number_axis(funnel.contacted)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(values)
        chart.legend().setVisible(False)
        _styled(chart, self.palette())
        self._replace(chart)

    def show_months(self, buckets: dict[date, Counter[ActivityKind]]) -> None:
        """Stacked bars: activities logged in each month, by kind."""
        series = QStackedBarSeries()
        entries: list[tuple[str, str]] = []
        for kind in ActivityKind:
            counts = [bucket[kind] for bucket in buckets.values()]
            if not any(counts):
                continue
            bars = QBarSet(label("ActivityKind", kind))
            bars.append(counts)
            color = graphic(KIND_COLORS[kind], self.palette())
            bars.setColor(color)
            bars.setBorderColor(color)
            entries.append((label("ActivityKind", kind), color.name()))
            series.append(bars)
        chart = QChart()
        chart.addSeries(series)
        firsts = list(buckets)
        chart.setTitle(
            _tr("Activities per month, %1 to %2")
            .replace("%1", firsts[0].strftime("%b %Y"))
            .replace("%2", firsts[-1].strftime("%b %Y"))
        )
        months = QBarCategoryAxis()
        months.append([first.strftime("%b") for first in firsts])
        months.setTruncateLabels(False)
        chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(months)
        totals = [sum(bucket.values()) for bucket in buckets.values()]
        values = whole_number_axis(max(totals, default=0))
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(values)
        _styled(chart, self.palette())
        self._replace(chart)
        self._legend_entries = entries
        self._place_legend()

    #: Narrower than this, the legend leaves the chart for ``legend_label``
    #: (which wraps): beside the bars it would leave the twelve months too
    #: little room, and they would shrink to "A…".
    LEGEND_BESIDE_FROM = 760

    def _place_legend(self) -> None:
        chart = self.chart()
        if chart is None or not self._legend_entries:
            return
        beside = self.width() >= self.LEGEND_BESIDE_FROM or self.legend_label is None
        chart.legend().setVisible(beside)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        if self.legend_label is not None:
            self.legend_label.setVisible(not beside)
            self.legend_label.setText(
                " &nbsp; ".join(
                    f"<span style='color:{color}'>■</span>&nbsp;{escape(name)}"
                    for name, color in self._legend_entries
                )
            )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_legend()

    def _replace(self, chart: QChart) -> None:
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()

    def series_count(self) -> int:
        return len(self.chart().series()) if self.chart() is not None else 0
